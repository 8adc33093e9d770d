"""Tests for pipeline/read.py: bytes on disk -> decoded text."""
from __future__ import annotations

import codecs
import hashlib
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core import read
from pipeline.core.read import (
    MAX_BYTES,
    SUPPORTED_SUFFIXES,
    Document,
    ReadError,
    decode,
    decode_damaged,
    html_to_text,
    iter_inputs,
    read_document,
)

# Simplified sentences chosen so that their GBK bytes are also *valid* Big5
# (they avoid GB rows C7/C8, e.g. 人 全 前), which makes the "not mistaken for
# Big5" tests meaningful; test_simplified_bytes_are_valid_big5 checks this.
SIMPLIFIED = [
    "今年以来，本市城镇新增就业5.2万，城镇调查失业率控制在5.5%以内。",
    "市教育局副局长李明介绍，今年秋季学期新增公办学位8000个，改扩建中小学15所。",
    "市住建局负责同志说，年内完成老旧小区改造230个，惠及居民4.6万户。",
    "会议强调，要坚持以民为本的发展思想，把民生实事办好办实。",
    "区民政局将为辖区80岁以上老年发放高龄津贴，并新建社区食堂20家。",
    "市卫健委表示，今年将新建乡镇卫生院12所，为65岁以上老年提供免费体检。",
]
TRADITIONAL = [
    "市衛健委黨組書記、主任石瑩介紹，全市新建養老服務中心35個。",
    "新增養老床位2800張，社區居家養老服務覆蓋率達到百分之九十以上。",
    "下一步，將繼續推進醫養結合，為轄區六十五歲以上老年人提供免費健康體檢。",
    "市政府副秘書長陳志強表示，今年將投入資金四億元，改造老舊社區一百二十個。",
    "會議指出，各部門要堅持以民為本，切實解決市民最關心、最直接、最現實的問題。",
    "勞工處將增加職業培訓名額，協助青年及中年人士就業。",
    "房屋署預計明年落成公營房屋一萬二千個單位，縮短輪候時間。",
]
HEADLINE = "市人社局党组书记、局长张华表示，将进一步做好就业工作。"
SIMPLIFIED_TEXT = HEADLINE + "\n" + "\n".join(SIMPLIFIED) + "\n"
TRADITIONAL_TEXT = "\n".join(TRADITIONAL) + "\n"
ENGLISH_TEXT = "The municipal bureau said 52,000 urban jobs were added this year.\n"
MIXED_TEXT = "Zhang Hua (张华), head of the bureau, said: 就业是最大的民生。\r\n"


def _utf16_with_bom(text: str, byteorder: str) -> bytes:
    if byteorder == "le":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return codecs.BOM_UTF16_BE + text.encode("utf-16-be")


# (case id, text, bytes on disk, expected encoding name)
ENCODING_CASES = [
    ("utf8-simplified", SIMPLIFIED_TEXT, SIMPLIFIED_TEXT.encode("utf-8"), "utf-8"),
    ("utf8-traditional", TRADITIONAL_TEXT, TRADITIONAL_TEXT.encode("utf-8"), "utf-8"),
    ("utf8-english", ENGLISH_TEXT, ENGLISH_TEXT.encode("utf-8"), "utf-8"),
    ("utf8-mixed-crlf", MIXED_TEXT, MIXED_TEXT.encode("utf-8"), "utf-8"),
    ("utf8-bom", "\ufeff" + SIMPLIFIED_TEXT, SIMPLIFIED_TEXT.encode("utf-8-sig"), "utf-8-sig"),
    ("utf16-le-bom", SIMPLIFIED_TEXT, _utf16_with_bom(SIMPLIFIED_TEXT, "le"), "utf-16"),
    ("utf16-be-bom", TRADITIONAL_TEXT, _utf16_with_bom(TRADITIONAL_TEXT, "be"), "utf-16"),
    ("utf16-be-bom-simplified", SIMPLIFIED_TEXT, _utf16_with_bom(SIMPLIFIED_TEXT, "be"), "utf-16"),
    ("gb18030", SIMPLIFIED_TEXT, SIMPLIFIED_TEXT.encode("gb18030"), "gb18030"),
    ("gbk", SIMPLIFIED_TEXT, SIMPLIFIED_TEXT.encode("gbk"), "gb18030"),
    ("gb2312", SIMPLIFIED_TEXT, SIMPLIFIED_TEXT.encode("gb2312"), "gb18030"),
    ("gbk-mixed-crlf", MIXED_TEXT, MIXED_TEXT.encode("gbk"), "gb18030"),
    ("gbk-traditional", TRADITIONAL_TEXT, TRADITIONAL_TEXT.encode("gbk"), "gb18030"),
    ("big5", TRADITIONAL_TEXT, TRADITIONAL_TEXT.encode("big5"), "big5"),
]


@pytest.mark.parametrize(
    ("text", "data", "encoding"),
    [case[1:] for case in ENCODING_CASES],
    ids=[case[0] for case in ENCODING_CASES],
)
def test_decode_returns_exact_original(text: str, data: bytes, encoding: str) -> None:
    assert decode(data) == (text, encoding)


def test_decode_keeps_line_endings_and_spaces_untouched() -> None:
    text = "第一行\r\n第二行\r第三行\n\u3000\u3000缩进  \t\n"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(text.encode("gb18030")) == (text, "gb18030")


def test_decode_empty_bytes_is_empty_text() -> None:
    assert decode(b"") == ("", "utf-8")


def test_bom_only_decodes_to_empty_text() -> None:
    assert decode(codecs.BOM_UTF8) == ("\ufeff", "utf-8-sig")


# -- GB18030 versus Big5 ---------------------------------------------------

@pytest.mark.parametrize("sentence", TRADITIONAL)
def test_big5_sentence_is_not_mistaken_for_gb18030(sentence: str) -> None:
    data = sentence.encode("big5")
    # The trap: the same bytes are valid GB18030, reading as garbage.
    assert data.decode("gb18030") != sentence
    assert decode(data) == (sentence, "big5")


@pytest.mark.parametrize("sentence", SIMPLIFIED)
def test_gbk_sentence_is_not_mistaken_for_big5(sentence: str) -> None:
    assert decode(sentence.encode("gbk")) == (sentence, "gb18030")


@pytest.mark.parametrize("sentence", SIMPLIFIED)
def test_simplified_bytes_are_valid_big5(sentence: str) -> None:
    # Guards the test above: it only proves something if Big5 also succeeds.
    assert sentence.encode("gbk").decode("big5") != sentence


def _fragments(sentences: list[str]) -> list[str]:
    """Runs of Han characters between punctuation and digits: no punctuation
    left to give the encoding away."""
    pieces = (re.split(r"[，。、%.\d]+", sentence) for sentence in sentences)
    return [piece for group in pieces for piece in group if len(piece) >= 4]


@pytest.mark.parametrize("fragment", _fragments(TRADITIONAL))
def test_unpunctuated_big5_fragment(fragment: str) -> None:
    assert decode(fragment.encode("big5")) == (fragment, "big5")


@pytest.mark.parametrize("fragment", _fragments(SIMPLIFIED))
def test_unpunctuated_gbk_fragment(fragment: str) -> None:
    assert decode(fragment.encode("gbk")) == (fragment, "gb18030")


# -- decode errors ---------------------------------------------------------

DECODE_ERROR_CASES = [
    ("nul-in-ascii", b"abc\x00def", "binary file (NUL bytes)"),
    ("nul-after-utf8-bom", codecs.BOM_UTF8 + b"a\x00b", "binary file (NUL bytes)"),
    ("png-header", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)"),
    ("random-with-nul", os.urandom(256) + b"\x00" + os.urandom(256), "binary file (NUL bytes)"),
    ("latin1", "Café déjà vu".encode("latin-1"), "cannot decode: not UTF-8, UTF-16, GB18030 or Big5"),
    ("lone-continuation", b"\x80", "cannot decode: not UTF-8, UTF-16, GB18030 or Big5"),
    ("truncated-gbk", "就业".encode("gbk")[:-1], "cannot decode: not UTF-8, UTF-16, GB18030 or Big5"),
    ("utf16-odd-length", codecs.BOM_UTF16_LE + b"a\x00b",
     "cannot decode: invalid UTF-16 after a byte order mark (truncated data)"),
    ("utf16-nul-char", codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"),
     "binary file (NUL characters in UTF-16 data)"),
    ("utf32-le", "就业".encode("utf-32"), "cannot decode: UTF-32 is not supported"),
    ("utf8-bom-then-gbk", codecs.BOM_UTF8 + "就业".encode("gbk"),
     "cannot decode: invalid UTF-8 at byte 3 after a UTF-8 byte order mark"),
]


@pytest.mark.parametrize(
    ("data", "message"),
    [case[1:] for case in DECODE_ERROR_CASES],
    ids=[case[0] for case in DECODE_ERROR_CASES],
)
def test_decode_errors(data: bytes, message: str) -> None:
    with pytest.raises(ReadError) as excinfo:
        decode(data)
    assert str(excinfo.value) == message
    assert "\n" not in str(excinfo.value)


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.binary(max_size=300),
    # High bytes only: the path where GB18030 and Big5 both get tried.
    st.lists(st.integers(0x81, 0xFE), max_size=60).map(bytes),
))
def test_decode_random_bytes_returns_text_or_read_error(data: bytes) -> None:
    try:
        text, encoding = decode(data)
    except ReadError:
        return
    assert isinstance(text, str)
    assert encoding in {"utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"}


@settings(max_examples=300, deadline=None)
@given(st.text().filter(lambda t: "\x00" not in t and not t.startswith("\ufeff")))
def test_decode_round_trips_utf8(text: str) -> None:
    assert decode(text.encode("utf-8")) == (text, "utf-8")


# -- damaged files -----------------------------------------------------------

_SIMPLIFIED = ("市人社局党组书记、局长张华表示，今年将新增城镇就业5万人，开展职业技能培训3000人次。"
               "截至目前，全市已建成社区养老服务中心120个，新增普惠托位800个。\n")
_TRADITIONAL = ("市勞動局局長陳志強表示，今年將新增就業崗位一萬個，並為長者提供免費健康檢查。"
                "截至目前，全市已建成社區照顧中心十二所。\n")


def _broken(data: bytes, *, at: float = 0.5, junk: bytes = b"\xff") -> bytes:
    """`data` with one byte overwritten by `junk` (a bad sector, a cut transfer)."""
    index = int(len(data) * at)
    return data[:index] + junk + data[index + 1:]


DAMAGED_CASES = [
    # (case, data, encoding it reads as, a sentence that must survive)
    ("utf-8", _broken((_SIMPLIFIED * 3).encode("utf-8")), "utf-8", "新增普惠托位800个"),
    ("utf-8-cut-at-end", (_SIMPLIFIED * 3).encode("utf-8")[:-2], "utf-8", "开展职业技能培训3000人次"),
    ("gb18030", _broken((_SIMPLIFIED * 3).encode("gb18030")), "gb18030", "开展职业技能培训3000人次"),
    ("big5", _broken((_TRADITIONAL * 3).encode("big5"), junk=b"\x80"), "big5", "全市已建成社區照顧中心十二所"),
    ("utf-8-bom", codecs.BOM_UTF8 + _broken((_SIMPLIFIED * 3).encode("utf-8")), "utf-8-sig", "截至目前"),
    ("utf-16-lone-surrogate", codecs.BOM_UTF16_LE + (_SIMPLIFIED * 3).encode("utf-16-le")[:100] + b"\x00\xd8"
     + (_SIMPLIFIED * 3).encode("utf-16-le")[100:], "utf-16", "新增普惠托位800个"),
    # Mostly ASCII: as damaged UTF-8 its few GBK characters would be lost too.
    ("english-with-gbk-names", _broken((b"Bureau director " + "张华".encode("gbk")
                                        + b" said it will add 5,000 jobs this year. ") * 20, at=0.3),
     "gb18030", "张华 said"),
    ("english-one-latin1-byte", b"The bureau will add 5,000 jobs this year. " * 4 + b"Caf\xe9 owners said.\n",
     "utf-8", "The bureau will add 5,000 jobs"),
]


@pytest.mark.parametrize(("data", "encoding", "kept"), [case[1:] for case in DAMAGED_CASES],
                         ids=[case[0] for case in DAMAGED_CASES])
def test_a_mostly_valid_file_is_read_with_replacements(tmp_path: Path, data: bytes, encoding: str,
                                                       kept: str) -> None:
    try:
        strict = decode(data)[0]
    except ReadError:
        strict = ""
    assert kept not in strict  # strict decoding refuses it, or misreads it as GB18030 ...
    document = read_document(_write(tmp_path, "a.txt", data), "a.txt")  # ... the reader keeps it
    assert document.encoding == encoding
    assert "\ufffd" in document.text and kept in document.text
    replaced = int(re.fullmatch(r"damaged file: (\d+) bytes? invalid in \S+ replaced with U\+FFFD",
                                document.warning).group(1))
    assert 1 <= replaced <= 4


def test_a_clean_file_has_no_warning(tmp_path: Path) -> None:
    assert read_document(_write(tmp_path, "a.txt", _SIMPLIFIED.encode("gb18030")), "a.txt").warning is None


@pytest.mark.parametrize("data", [
    "Café déjà vu".encode("latin-1"),  # a quarter of the bytes invalid: another encoding
    "Съешь ещё этих мягких французских булок".encode("cp1251"),
    os.urandom(4096).replace(b"\x00", b"\x01"),  # binary without NUL bytes
    b"\x80\x80\x80 " * 200,
], ids=["latin1", "cp1251", "random", "continuation-bytes"])
def test_text_in_another_encoding_keeps_its_error(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ReadError, match="^cannot decode: not UTF-8, UTF-16, GB18030 or Big5$"):
        read_document(_write(tmp_path, "a.txt", data), "a.txt")


def test_binary_keeps_its_error_when_damaged_reading_is_tried() -> None:
    with pytest.raises(ReadError, match="NUL"):
        decode_damaged(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


# -- read_document -----------------------------------------------------------

def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "text", "encoding"),
    [
        ("news.txt", SIMPLIFIED_TEXT.encode("gbk"), SIMPLIFIED_TEXT, "gb18030"),
        ("news.md", TRADITIONAL_TEXT.encode("big5"), TRADITIONAL_TEXT, "big5"),
        ("news.csv", MIXED_TEXT.encode("utf-8"), MIXED_TEXT, "utf-8"),
        ("NOSUFFIX", ENGLISH_TEXT.encode("utf-16"), ENGLISH_TEXT, "utf-16"),
    ],
)
def test_read_text_document(tmp_path: Path, name: str, data: bytes, text: str, encoding: str) -> None:
    path = _write(tmp_path, name, data)
    doc = read_document(path, "2024/" + name)
    assert doc == Document(
        doc_id="2024/" + name,
        path=path,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        kind="text",
    )


@pytest.mark.parametrize("name", ["page.html", "page.htm", "PAGE.HTML"])
def test_read_html_document(tmp_path: Path, name: str) -> None:
    html = f"<html><head><title>就业工作</title></head><body><p>{HEADLINE}</p></body></html>"
    data = html.encode("gbk")
    doc = read_document(_write(tmp_path, name, data), name)
    assert doc.kind == "html"
    assert doc.encoding == "gb18030"
    assert doc.text == f"就业工作\n\n{HEADLINE}"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_document_is_frozen(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "a.txt", b"hello"), "a.txt")
    with pytest.raises(AttributeError):
        doc.text = "changed"  # type: ignore[misc]


READ_ERROR_CASES = [
    ("zero-bytes", "a.txt", b"", "empty file"),
    ("whitespace-only", "a.txt", " \r\n\t\n", "empty file"),
    ("ideographic-spaces-only", "a.txt", "\u3000\u3000\n".encode("gbk"), "empty file"),
    ("bom-only", "a.txt", codecs.BOM_UTF8, "empty file"),
    ("utf16-whitespace-only", "a.txt", " \n".encode("utf-16"), "empty file"),
    ("html-without-visible-text", "a.html",
     b"<html><head><script>var a = 1;</script></head><body> </body></html>", "no visible text in HTML"),
    ("nul", "a.txt", b"\x7fELF\x02\x01\x01\x00", "binary file (NUL bytes)"),
    ("random-with-nul", "a.txt", os.urandom(512) + b"\x00", "binary file (NUL bytes)"),
    ("undecodable", "a.txt", b"caf\xe9", "cannot decode: not UTF-8, UTF-16, GB18030 or Big5"),
]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [case[1:] for case in READ_ERROR_CASES],
    ids=[case[0] for case in READ_ERROR_CASES],
)
def test_read_document_errors(tmp_path: Path, name: str, data: bytes | str, message: str) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(ReadError) as excinfo:
        read_document(_write(tmp_path, name, raw), name)
    assert str(excinfo.value) == message


def test_too_large_with_small_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_BYTES", 10)
    path = _write(tmp_path, "a.txt", b"x" * 20)
    with pytest.raises(ReadError) as excinfo:
        read_document(path, "a.txt")
    assert str(excinfo.value) == "file too large: 20 bytes > 10 bytes limit"
    _write(tmp_path, "b.txt", b"x" * 10)
    assert read_document(tmp_path / "b.txt", "b.txt").text == "x" * 10


def test_too_large_is_rejected_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_BYTES == 50 * 1024 * 1024
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(60 * 1024 * 1024)  # sparse: costs no disk space

    def refuse_open(*args, **kwargs):
        raise AssertionError("a too-large file must not be opened")

    monkeypatch.setattr(Path, "open", refuse_open)
    with pytest.raises(ReadError) as excinfo:
        read_document(path, "huge.txt")
    assert str(excinfo.value) == "file too large: 60.0 MB > 50 MB limit"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^not found$") as excinfo:
        read_document(tmp_path / "missing.txt", "missing.txt")
    assert isinstance(excinfo.value.__cause__, FileNotFoundError)


def test_path_under_a_file_is_not_found(tmp_path: Path) -> None:
    parent = _write(tmp_path, "a.txt", b"hello")
    with pytest.raises(ReadError, match=r"^not found$"):
        read_document(parent / "b.txt", "b.txt")


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(ReadError, match=r"^is a directory$"):
        read_document(tmp_path / "folder.txt", "folder.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_rejected_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match=r"^not a regular file$"):
        read_document(fifo, "pipe.txt")


def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "secret.txt", HEADLINE.encode("utf-8"))
    path.chmod(0)
    try:
        try:
            read_document(path, "secret.txt")
        except ReadError as e:
            assert str(e) == "permission denied"
            assert isinstance(e.__cause__, PermissionError)
            return
        pytest.skip("running with privileges that bypass file permissions (root)")
    finally:
        path.chmod(0o600)


def test_permission_error_is_mapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs even as root, where chmod 000 does not stop a read.
    path = _write(tmp_path, "secret.txt", b"hello")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(ReadError, match=r"^permission denied$") as excinfo:
        read_document(path, "secret.txt")
    assert isinstance(excinfo.value.__cause__, PermissionError)


# -- HTML ------------------------------------------------------------------

HTML_CASES = [
    ("script-style-dropped",
     "<p>就业</p><script>document.write('<p>广告</p>')</script><style>p{color:red}</style><p>民生</p>",
     "就业\n\n民生"),
    ("noscript-template-comment-dropped",
     "<p>一</p><noscript><p>请启用脚本</p></noscript><template><p>模板</p></template><!-- 注释 --><p>二</p>",
     "一\n\n二"),
    ("entities", "<p>&lt;通知&gt; A&amp;B &quot;x&quot; &#20013;&#x6587;&nbsp;&copy; &amp;lt;</p>",
     "<通知> A&B \"x\" 中文\xa0© &lt;"),
    ("paragraphs", "<p>第一段。</p><p>第二段。</p>", "第一段。\n\n第二段。"),
    ("headings", "<h1>标题</h1><p>正文</p><h2>小标题</h2>", "标题\n\n正文\n\n小标题"),
    ("divs", "<div>甲</div><div>乙</div>", "甲\n乙"),
    ("br", "甲<br>乙<br/>丙", "甲\n乙\n丙"),
    ("list", "<ul><li>一</li><li>二</li></ul><ol><li>三</li></ol>", "一\n二\n\n三"),
    ("inline-elements", "<p>市<b>人社局</b><span>局长</span><a href='#'>张华</a>表示</p>", "市人社局局长张华表示"),
    ("table-rows-and-cells", "<table><tr><td>年份</td><td>人数</td></tr>\n<tr> <td> 2023 </td> <td>35</td> </tr></table>",
     "年份\t人数\n2023\t35"),
    ("sections", "<header>头</header><article><section>文</section></article><footer>尾</footer>", "头\n\n文\n\n尾"),
    ("title-first-line", "<html><head><title> 市政府\n 新闻 </title></head><body><p>正文</p></body></html>",
     "市政府 新闻\n\n正文"),
    ("title-after-body-still-first", "<body><p>正文</p></body><title>标题</title>", "标题\n\n正文"),
    ("svg-title-is-not-the-title", "<title>页</title><p>图<svg><title>提示</title></svg></p>", "页\n\n图"),
    ("source-whitespace-collapsed", "<p>\n    市人社局\n    表示，\n    将做好就业工作。  \n</p>",
     "市人社局 表示， 将做好就业工作。"),
    ("ideographic-indent-kept", "<p>\u3000\u3000就业是最大的民生。</p>", "\u3000\u3000就业是最大的民生。"),
    ("blank-line-runs-collapsed", "甲<br><br><br><br><br>乙", "甲\n\n乙"),
    ("trailing-spaces-stripped", "<p>甲 &nbsp; </p><p>乙\u3000</p>", "甲\n\n乙"),
    ("pre-keeps-lines", "<pre>  第一行\n  第二行</pre>", "  第一行\n  第二行"),
    ("malformed-unclosed", "<p>甲<div>乙</p>丙</span></div><b>丁", "甲\n乙\n\n丙\n丁"),
    ("malformed-unclosed-script", "<p>正文</p><script>var x = '<p>", "正文"),
    ("malformed-unclosed-title", "<title>标题<p>正文", "标题\n\n正文"),
    ("malformed-declarations", "<![foo[x]]>甲<!DOCTYPE 1>乙<![if !supportLists]>丙<![endif]>", "甲乙丙"),
    ("stray-angle-bracket", "<p>5 < 6 and 7 > 3</p>", "5 < 6 and 7 > 3"),
]


@pytest.mark.parametrize(
    ("html", "expected"),
    [case[1:] for case in HTML_CASES],
    ids=[case[0] for case in HTML_CASES],
)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "unclosed"])
def test_html_10000_nested_divs(closed: bool) -> None:
    html = "<div>" * 10_000 + HEADLINE + ("</div>" * 10_000 if closed else "")
    assert html_to_text(html) == HEADLINE


@settings(max_examples=200, deadline=None)
@given(st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from([
        "<p>", "</p>", "<div>", "</div>", "<br>", "<td>", "<tr>", "<title>", "</title>",
        "<script>", "</script>", "<pre>", "</pre>", "<!--", "-->", "<![", "<!", "</",
        "&amp;", "&#", "<", ">", "就业", " ", "\n", "x",
    ]), max_size=50).map("".join),
))
def test_html_to_text_never_raises_and_is_tidy(html: str) -> None:
    text = html_to_text(html)
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))


# -- iter_inputs -------------------------------------------------------------

def test_iter_inputs_directory(tmp_path: Path) -> None:
    for name in [
        "b.txt", "a.md", "z/deep/c.html", "z/d.htm", "m/E.TXT",
        "notes.pdf", "data.json", "noext",  # unsupported suffixes
        ".hidden.txt", ".git/config.txt", "m/.cache/x.md",  # hidden
    ]:
        _write(tmp_path, name, b"x")
    assert iter_inputs(tmp_path) == [
        (tmp_path / "a.md", "a.md"),
        (tmp_path / "b.txt", "b.txt"),
        (tmp_path / "m" / "E.TXT", "m/E.TXT"),
        (tmp_path / "z" / "d.htm", "z/d.htm"),
        (tmp_path / "z" / "deep" / "c.html", "z/deep/c.html"),
    ]


def test_iter_inputs_empty_directory(tmp_path: Path) -> None:
    assert iter_inputs(tmp_path) == []


@pytest.mark.parametrize("name", ["news.txt", "news.pdf"])
def test_iter_inputs_single_file(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path / "sub", name, b"x")
    assert iter_inputs(path) == [(path, name)]


def test_iter_inputs_then_read_all(tmp_path: Path) -> None:
    _write(tmp_path, "2024/01/gov.txt", SIMPLIFIED_TEXT.encode("gbk"))
    _write(tmp_path, "2024/02/hk.html", f"<p>{TRADITIONAL[0]}</p>".encode("big5"))
    docs = [read_document(path, doc_id) for path, doc_id in iter_inputs(tmp_path)]
    assert [(d.doc_id, d.kind, d.encoding) for d in docs] == [
        ("2024/01/gov.txt", "text", "gb18030"),
        ("2024/02/hk.html", "html", "big5"),
    ]
    assert docs[1].text == TRADITIONAL[0]


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm")
