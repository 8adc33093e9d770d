"""Stage 5a, recognize (rules): officials, agencies, places and subjects.

Reads the normalized text of the body paragraphs (see `pipeline.metadata`)
and writes `doc._.officials` (named and unnamed officials with their title
chains), `doc._.mentions` (later mentions of an official by name alone) and
the span groups `person`, `title`, `agency` and `place` used for review.

A title chain is read right to left from the person's name:
太原市人社局党组书记、局长白进联 -> units [太原市人社局党组书记, 局长], each an
optional agency followed by one or more titles; the first agency is the
official's, the place is read off the agency's prefix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex
from pydantic import BaseModel, ConfigDict
from spacy.lang.zh import Chinese
from spacy.tokens import Doc

from pipeline.core.doc import doc_text
from pipeline.core.entities import set_entities
from pipeline.core.places import ArticleContext, article_context, best_place, gazetteer
from pipeline.core.rules import alternation, read_words, read_yaml
from pipeline.core.types import Mention, Official, Subject
from pipeline.zh.rules import title_rules

# Below county level: a place name running on into one of these is a street.
_SUBCOUNTY = ("街道", "镇", "乡", "村", "社区", "路", "街")
# A place the gazetteer lacks, opening a clause or an agency name: two or
# three characters and a county-level or city suffix (桑岭县, 云西区), not
# 社区/小区/园区.
_UNKNOWN_PLACE = regex.compile(
    r"(?![在对把将从向为与和据年月日])\p{Han}{2,3}?(?<![社小园景城片辖校])(?:县|市|区)(?!场|民(?!政|族)|委|长|级|属|内|外|域|里)")
# Particles a given name does not contain (省长邹洋的带领下 is 邹洋, not 邹洋的).
_NOT_IN_NAME = set("的了在是和与及也都就对向为等着过")
# Words that make an agency-looking run a verb phrase (桑岭县已举办).
_NOT_IN_AGENCY = set("已将要在对了的是有把被从向还也都")
# Spaces between a title and the name it introduces, as listings print them.
_NAME_GAP = regex.compile(r"[ \u3000\t]{0,4}")
# Characters that end a clause: a title chain never crosses them.
BOUNDARY = set("，,。；;：:！!？?“”\"‘’「」『』()（）【】《》—\n\r\t")


class OwnGovernment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    pattern: str
    level: str


class OfficialRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name_followers: list[str]
    strong_followers: list[str]
    chain_stops: str
    unnamed_roles: list[str]
    unnamed_anaphora: list[str]
    pronouns: list[str]
    own_government: list[OwnGovernment]
    meetings: str


@dataclass
class _Unit:
    start: int
    org: tuple[int, int] | None
    titles: list[tuple[int, int]] = field(default_factory=list)


class ZhLexicon:
    """The Chinese rule files, compiled once per process."""

    def __init__(self) -> None:
        titles = title_rules()
        self.rules: OfficialRules = read_yaml("zh/officials.yaml", OfficialRules)
        title = (f"(?:{alternation(titles.rank_prefixes)})*"
                 f"(?:{alternation(titles.body_prefixes)})?"
                 f"(?:{alternation(titles.bases)})")
        self.title = regex.compile(title)
        self.not_after = tuple(titles.not_after)
        surnames = read_words("surnames.txt")
        self.surnames = sorted(surnames, key=len, reverse=True)
        self.followers = tuple(sorted(self.rules.name_followers, key=len, reverse=True))
        self.strong = tuple(self.rules.strong_followers)
        self.not_name = regex.compile(
            f"(?:{alternation(self.rules.name_followers + self.rules.strong_followers + titles.bases)})")
        suffixes = read_words("zh/agency_suffixes.txt")
        self.suffixes = suffixes
        self.agency_suffix = regex.compile(f"(?:{alternation(suffixes)})")  # anywhere
        self.agency_end = regex.compile(f"(?:{alternation(suffixes)})$")
        self.lead = regex.compile(
            rf"(?:(?:{alternation(read_words('zh/lead_words.txt'))})|\d{{4}}年(?:以来|初|底|上半年|前三季度)?"
            rf"|\d{{1,2}}月(?:\d{{1,2}}日)?(?:以来|初|底|末|中旬|上旬|下旬)?|据|由|经)+[,，]?")
        self.roles = regex.compile(f"(?:{alternation(self.rules.unnamed_roles)})")
        self.anaphora = regex.compile(f"(?:{alternation(self.rules.unnamed_anaphora)})")
        self.pronoun = regex.compile(f"(?:{alternation(self.rules.pronouns)})")
        self.own_government = [(regex.compile(g.pattern), g.level) for g in self.rules.own_government]
        self.meeting = regex.compile(self.rules.meetings)
        self.central = regex.compile(f"(?:{alternation(read_words('zh/central_agencies.txt'))})")
        self.place_level_head = regex.compile(r"(?:省|市|县|区|州|镇|乡)(?!长|民(?!政)|场|域|级|属|内|外|里|情|委书记)")


@lru_cache(maxsize=None)
def zh_lexicon() -> ZhLexicon:
    return ZhLexicon()


# --------------------------------------------------------------------------- names

def _token_ends(doc: Doc) -> set[int]:
    return {tok.idx + len(tok.text) for tok in doc}


def match_name(text: str, pos: int, lex: ZhLexicon, token_ends: set[int] | None = None,
               end_at: int | None = None) -> tuple[int, int] | None:
    """The span of a person's name starting at `pos`, or None.

    A name is a surname from the lexicon plus one or two characters (an
    optional space after the surname, as some papers print it), and it must be
    followed by something a name is followed by. Strong followers (表示, 说)
    decide between two and three characters before weak ones (、 ,). With
    `end_at`, the name must end there instead (a title follows it)."""
    if lex.not_name.match(text, pos):
        return None
    candidates = []
    for surname in lex.surnames:
        if not text.startswith(surname, pos):
            continue
        given_at = pos + len(surname)
        space = 1 if given_at < len(text) and text[given_at] == " " and len(surname) == 1 else 0
        for glen in (2, 1):
            end = given_at + space + glen
            given = text[given_at + space:end]
            if len(given) == glen and regex.fullmatch(r"\p{Han}+", given) and not set(given) & _NOT_IN_NAME:
                candidates.append(end)
        break  # the longest surname that fits decides (欧阳 before 欧)
    if end_at is not None:
        return (pos, end_at) if end_at in candidates else None
    for strong in (True, False):
        for end in candidates:
            follower = next((f for f in lex.followers if text.startswith(f, end)), None)
            if end >= len(text) or text[end] in "\n\r":
                follower = "\n"
            if follower is None or (strong and follower not in lex.strong):
                continue
            if not strong and token_ends is not None and end not in token_ends and follower != "\n":
                continue  # weak evidence: the segmenter must agree the name ends here
            return pos, end
    return None


# --------------------------------------------------------------------------- chains

def _clause_start(text: str, floor: int, pos: int) -> int:
    while pos > floor and text[pos - 1] not in BOUNDARY:
        pos -= 1
    return pos


def _peel_titles(text: str, start: int, end: int, lex: ZhLexicon) -> tuple[int, list[tuple[int, int]]]:
    """Strip titles (and a parenthetical rank note after one) off the right of
    text[start:end]; return where the agency part ends and the title spans."""
    titles: list[tuple[int, int]] = []
    while end > start:
        paren = regex.search(r"[(（][^()（）]{1,12}[)）]$", text[start:end])
        cut = end - len(paren.group()) if paren else end
        hit = None
        for i in range(start, cut):
            if lex.title.fullmatch(text, i, cut):
                hit = i
                break
        if hit is None or any(text.endswith(w, start, hit) for w in lex.not_after):
            break
        titles.insert(0, (hit, cut))
        end = hit
    return end, titles


def _fuse_title(text: str, org: tuple[int, int], title: tuple[int, int], lex: ZhLexicon) -> tuple:
    """卫生局长: the agency's suffix is the title's first character."""
    org_text = text[org[0]:org[1]]
    head = text[title[0]]
    if org_text and not lex.agency_end.search(org_text) and lex.agency_end.search(org_text + head) \
            and lex.title.fullmatch(text, title[0], title[1]):
        return (org[0], org[1] + 1), title
    return org, title


def _trim_org(text: str, start: int, end: int, lex: ZhLexicon) -> tuple[int, int] | None:
    stops = lex.rules.chain_stops
    for i in range(end - 1, start - 1, -1):
        if text[i] in stops and not _inside_agency_name(text, i, end, lex):
            start = i + 1
            break
    m = lex.lead.match(text, start, end)
    if m and m.end() > start:
        start = m.end()
    while start < end and text[start] in " 、":
        start += 1
    return (start, end) if end - start >= 1 else None


def _inside_agency_name(text: str, i: int, end: int, lex: ZhLexicon) -> bool:
    """和/与 inside 住房和城乡建设局 join words of one name; elsewhere they end it."""
    return text[i] in "和与及" and lex.agency_end.search(text[i + 1:end]) is not None \
        and bool(regex.match(r"\p{Han}{2,}", text[i + 1:end]))


def parse_chain(text: str, floor: int, chain_end: int, lex: ZhLexicon) -> list[_Unit]:
    """The title units ending at `chain_end` (where the name, or a rank note
    before it, begins), nearest last; empty when none."""
    left = _clause_start(text, floor, chain_end)
    units: list[_Unit] = []
    pieces = []
    for part in regex.finditer(r"[^、]+", text[left:chain_end]):
        pieces.append((left + part.start(), left + part.end()))
    for p_start, p_end in reversed(pieces):
        org_end, titles = _peel_titles(text, p_start, p_end, lex)
        if not titles:
            break
        org = _trim_org(text, p_start, org_end, lex) if org_end > p_start else None
        if org:
            org, titles[0] = _fuse_title(text, org, titles[0], lex)
        units.insert(0, _Unit(start=org[0] if org else titles[0][0], org=org, titles=titles))
        if org and org[0] > p_start:
            break  # the agency was cut out of a longer clause: the chain starts here
    return units


# --------------------------------------------------------------------------- places

def place_of(org_norm: str, context: ArticleContext, lex: ZhLexicon) -> str | None:
    """The jurisdiction named by an agency's prefix (太原市尖草坪区委 -> 太原市尖草坪区).

    Each further place must lie inside the one before it, and a name that runs
    on into a street or village (鼓楼街道) is not a district of its own."""
    names: list[str] = []
    pos = 0
    gaz = gazetteer()
    while pos < len(org_norm):
        m = gaz.match(org_norm, pos)
        if not m or org_norm.startswith(_SUBCOUNTY, m.end()):
            break
        place = best_place(m.group(), context)
        if names and (place is None or place.parent != names[-1]):
            break
        names.append(place.name if place else m.group())
        pos = m.end()
        if pos < len(org_norm) and org_norm[pos] in "省市县区" and not names[-1].endswith(org_norm[pos]):
            pos += 1
    if names:
        return "".join(names)
    unknown = _UNKNOWN_PLACE.match(org_norm)
    if unknown:
        return unknown.group()  # a place the gazetteer lacks, known by its suffix
    return _own_place(org_norm, context)


def _own_place(org_norm: str, context: ArticleContext) -> str | None:
    """省文旅厅, 市人社局, 县民政局, 汾川职业技术学院: the article's own
    province, city or county, by a bare level prefix or the unit's stem."""
    for prefix, place in (("省", context.province), ("市", context.city), ("县", context.county)):
        if place and (org_norm.startswith(prefix) or org_norm.startswith(_stem(place))):
            return place
    return None


def _stem(place: str) -> str:
    stem = place.rstrip("省市县")
    return stem if len(stem) >= 2 else place


# --------------------------------------------------------------------------- officials

def make_official(doc: Doc, units: list[_Unit], name: tuple[int, int], context, lex, rule) -> Official:
    text, source = doc_text(doc), doc._.source
    agency_span = None
    titles: list[str] = []
    for i, unit in enumerate(units):
        fused_org = unit.org if (i > 0 and unit.org and agency_span is not None
                                 and place_of(text[unit.org[0]:unit.org[1]], context, lex) is None
                                 and not text[unit.org[0]:unit.org[1]].startswith(("市", "省", "县", "区"))) else None
        if unit.org and agency_span is None:
            agency_span = unit.org
        for j, (ts, te) in enumerate(unit.titles):
            if fused_org and j == 0:
                ts = fused_org[0]
            titles.append(source[ts:te])
    agency = source[agency_span[0]:agency_span[1]] if agency_span else None
    place = place_of(text[agency_span[0]:agency_span[1]], context, lex) if agency_span else None
    if agency is None and titles:
        # 副县长 with no agency written heads the article's own government
        agency = place = _government_of_title(text[units[-1].titles[-1][0]:units[-1].titles[-1][1]], context)
    return Official(kind="official", start=units[0].start if units else name[0], end=name[1],
                    name=source[name[0]:name[1]], name_span=name, titles=tuple(titles),
                    agency=agency, agency_span=agency_span, place=place, rule=rule)


_GOVERNMENT_TITLES = (("省长", "province"), ("市长", "city"), ("县长", "county"))


def _government_of_title(title: str, context: ArticleContext) -> str | None:
    for ending, level in _GOVERNMENT_TITLES:
        if title.endswith(ending):
            return getattr(context, level)
    return None


def find_officials(doc: Doc, context: ArticleContext, lex: ZhLexicon) -> list[Official]:
    text = doc_text(doc)
    token_ends = _token_ends(doc)
    found: list[Official] = []
    for para in doc._.layout.paragraphs:
        taken_until = para.start
        for m in lex.title.finditer(text, para.start, para.end):
            if m.start() < taken_until:
                continue
            after = m.end()
            paren = regex.match(r"[(（][^()（）]{1,12}[)）]", text[after:para.end])
            if paren:
                after += paren.end()
            # Lists of speakers and attendees set the name off (发布人：…局长 何建新).
            after += len(_NAME_GAP.match(text, after, para.end).group())
            name = match_name(text, after, lex, token_ends)
            if name is None:
                continue
            units = parse_chain(text, para.start, m.end(), lex)
            if not units:
                continue
            found.append(make_official(doc, units, name, context, lex, "zh.official.title_chain_name"))
            taken_until = name[1]
        found.extend(_name_before_title(doc, para, context, lex, token_ends, found))
        found.extend(_unnamed(doc, para, context, lex))
    found.sort(key=lambda o: o.start)
    return found


def _name_before_title(doc, para, context, lex, token_ends, found) -> list[Official]:
    """张某某副县长表示: a name, then a title, then a strong follower."""
    text = doc_text(doc)
    out = []
    taken = [(o.start, o.end) for o in found]
    for m in lex.title.finditer(text, para.start, para.end):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if not any(text.startswith(f, m.end()) for f in lex.followers if not f.isspace()):
            continue
        for glen in (3, 2, 4):
            start = m.start() - glen
            if start < para.start or not _opens_name(text, start, para.start):
                continue
            name = match_name(text, start, lex, end_at=m.start())
            if name:
                units = [_Unit(start=start, org=None, titles=[(m.start(), m.end())])]
                off = make_official(doc, units, name, context, lex, "zh.official.name_title")
                out.append(Official(**{**off.__dict__, "start": start, "end": m.end()}))
                break
    return out


def _opens_name(text: str, start: int, floor: int) -> bool:
    """A name before a title starts a clause (or follows 据/由/经/、)."""
    return start == floor or text[start - 1] in BOUNDARY or text[start - 1] in "、据由经 "


def _unnamed(doc, para, context, lex) -> list[Official]:
    """市人力社保局相关负责人介绍: an official known only by role."""
    text, source = doc_text(doc), doc._.source
    out = []
    for m in lex.roles.finditer(text, para.start, para.end):
        if not any(text.startswith(f, m.end()) for f in lex.strong):
            continue
        left = _clause_start(text, para.start, m.start())
        org = _trim_org(text, left, m.start(), lex) if m.start() > left else None
        if org is None or not lex.agency_end.search(text[org[0]:org[1]]):
            continue
        out.append(Official(kind="unnamed_official", start=org[0], end=m.end(), name=None, name_span=None,
                            titles=(source[m.start():m.end()],), agency=source[org[0]:org[1]],
                            agency_span=org, place=place_of(text[org[0]:org[1]], context, lex),
                            rule="zh.unnamed_official.role"))
    return out


def find_mentions(doc: Doc, officials: list[Official], lex: ZhLexicon) -> list[Mention]:
    """Later mentions: a known name alone (石莹表示), or 该负责人 for the last
    unnamed official before it."""
    text = doc_text(doc)
    mentions = []
    named = {}
    for o in officials:
        if o.kind == "official":
            named.setdefault(text[o.name_span[0]:o.name_span[1]].replace(" ", ""), o)
    spans = {(o.start, o.end) for o in officials}
    for para in doc._.layout.paragraphs:
        for key, official in named.items():
            for m in regex.finditer(regex.escape(key), text[para.start:para.end]):
                s, e = para.start + m.start(), para.start + m.end()
                if not any(a <= s < b for a, b in spans):
                    mentions.append(Mention(s, e, official, "zh.mention.name"))
        for m in lex.anaphora.finditer(text, para.start, para.end):
            before = [o for o in officials if o.end <= m.start()]
            if not before:
                continue
            last = before[-1]
            if m.group().endswith("负责人") and last.kind != "unnamed_official":
                unnamed = [o for o in before if o.kind == "unnamed_official"]
                if not unnamed:
                    continue
                last = unnamed[-1]
            mentions.append(Mention(m.start(), m.end(), last, "zh.mention.anaphora"))
        for m in lex.pronoun.finditer(text, para.start, para.end):
            # the last official named in the paragraph, by a full mention or by name alone
            earlier = [(o.end, o) for o in officials if para.start <= o.start and o.end <= m.start() and o.kind == "official"]
            earlier += [(x.end, x.official) for x in mentions if para.start <= x.start and x.end <= m.start()
                        and x.rule == "zh.mention.name"]
            if earlier:
                mentions.append(Mention(m.start(), m.end(), max(earlier, key=lambda e: e[0])[1], "zh.mention.pronoun"))
    mentions.sort(key=lambda x: x.start)
    return mentions


# --------------------------------------------------------------------------- subjects

def past_lead(text: str, pos: int, end: int, lex: ZhLexicon) -> int:
    """Where a clause's subject may start: after its leading adverbials (据悉, 今年以来，)."""
    m = lex.lead.match(text, pos, end)
    return m.end() if m else pos


def subject_at(doc: Doc, start: int, end: int, context: ArticleContext, lex: ZhLexicon) -> Subject | None:
    """The agency, government or meeting that opens a clause, if any."""
    text, source = doc_text(doc), doc._.source
    pos = start
    while pos < end and text[pos] in " \u3000“‘\"'":
        pos += 1
    pos = past_lead(text, pos, end, lex)
    for pattern, level in lex.own_government:
        g = pattern.match(text, pos, end)
        if g:
            place = {"city": context.city, "province": context.province, "county": context.county}.get(level)
            return Subject("government", g.start(), g.end(), None, place or source[g.start():g.end()],
                           f"zh.subject.own_{level}")
    agency = agency_at(text, pos, end, lex)
    if agency:
        org_text = text[agency[0]:agency[1]]
        return Subject("agency", agency[0], agency[1], source[agency[0]:agency[1]],
                       place_of(org_text, context, lex), "zh.subject.agency")
    m = gazetteer().match(text, pos, end)
    if m and not _is_label(text, m.end()):
        place = best_place(m.group(), context)
        return Subject("government", m.start(), m.end(), None, place.name if place else m.group(),
                       "zh.subject.place")
    m = _UNKNOWN_PLACE.match(text, pos, end)
    if m and not _is_label(text, m.end()):
        return Subject("government", m.start(), m.end(), None, source[m.start():m.end()],
                       "zh.subject.place_form")
    return None


def _is_label(text: str, pos: int) -> bool:
    """安居:老旧小区改造…: a section label before a colon, not a subject."""
    return pos < len(text) and text[pos] in ":："



def agency_at(text: str, pos: int, end: int, lex: ZhLexicon) -> tuple[int, int] | None:
    """An agency name starting at `pos`: a place or level prefix, up to 12
    characters, a suffix. The shortest such name wins (市卫健委 in 市卫健委围绕),
    extended where a longer suffix runs on (市委 -> 市妇联委员会 is not cut at 委)."""
    central = lex.central.match(text, pos, end)
    if central:  # 内政部, 人力资源社会保障部就业促进司: no place prefix needed
        return _agency_body(text, pos, central.end(), end, lex) or central.span()
    m = gazetteer().match(text, pos, end) or _UNKNOWN_PLACE.match(text, pos, end)
    if not m and not lex.place_level_head.match(text, pos, end):
        return None
    return _agency_body(text, pos, m.end() if m else pos, end, lex)


def _agency_body(text: str, pos: int, body_start: int, end: int, lex: ZhLexicon) -> tuple[int, int] | None:
    """The shortest agency name [pos, stop) whose body after `body_start` ends in a suffix."""
    for stop in range(body_start + 1, min(end, body_start + 12) + 1):
        if text[stop - 1] in BOUNDARY or text[stop - 1] in "、":
            return None
        if text[stop - 1] in _NOT_IN_AGENCY or text[stop - 1].isascii() and text[stop - 1].isdigit():
            return None  # 桑岭县已举办, 每个设区市至少建成1所: a verb phrase, not an agency name
        if not lex.agency_end.search(text, body_start, stop):
            continue
        if (stop < end and text[stop] in "长门") or text.endswith("社会", body_start, stop):
            continue  # 局长 is a title, 部门 and 社会 common nouns, not an agency's end
        return (pos, _extend_suffix(text, stop, end, lex))
    return None


def _extend_suffix(text: str, stop: int, end: int, lex: ZhLexicon) -> int:
    for suffix in lex.suffixes:
        for overlap in range(1, len(suffix)):
            start = stop - overlap
            if text.startswith(suffix, start) and start + len(suffix) <= end:
                return start + len(suffix)
    return stop


# --------------------------------------------------------------------------- component

class ZhEntityRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        lex = zh_lexicon()
        context = article_context(doc_text(doc), doc._.layout.dateline_place)
        doc._.context = context
        officials = find_officials(doc, context, lex)
        return set_entities(doc, officials, find_mentions(doc, officials, lex))


@Chinese.factory("minsheng_entities")
def make_entity_recognizer(nlp, name: str) -> ZhEntityRecognizer:
    return ZhEntityRecognizer()
