#!/usr/bin/env python3
"""Generates a large synthetic work-plan notice for `bench/bench_parse.sh`.

usage: gen_notice.py OUT [MEGABYTES]   (default 10)

The notice looks like a real one (see tests/data/notices/): a header with a
title, a 文号 and a signature, 一、 sections every 25 items, and numbered items
built from varied templates -- quantitative targets (11个以上, 2.5 万元,
5%-10%, 每千人…3.1个, 全覆盖), quoted programme names with years, and every
marker style (责任部门, 责任单位, 牵头单位/配合单位, an unlabelled final
bracket), with full-width and half-width punctuation mixed.  The output is
deterministic (fixed seed), so runs are comparable.
"""
import random
import sys

UNITS = ["市委政法委", "市委宣传部", "市民政局", "教育局", "市财政局", "建设局", "市发改局",
         "市公安局", "市妇联", "市残联", "市卫生健康局", "团市委", "市司法局", "市检察院",
         "市法院", "市医保局", "市关工委", "市文广局", "市人力社保局", "市市场监管局", "市未保办"]

TEMPLATES = [
    "推进未成年人保护机构建设,依托镇(街道)社会事务管理中心、社会工作站、儿童之家等基层服务机构,设立{n}个镇(街道)未保站。",
    "持续推进儿童之家建设,命名{n}个以上示范型儿童之家(其中嘉兴市级命名{m}个),每个镇(街道)建有示范型儿童之家占比达到村(社)总数的{p}%。",
    "健全孤困儿童基本生活养育标准动态调整机制,集中供养孤儿最低人均年养育标准达到 {d}.5 万元。",
    "完善残疾儿童康复服务制度,将定点康复机构纳入{y} 年省政府民生实事项目, 落实定点康复机构 100%纳入协议管理。",
    "积极发展 0—3 岁婴幼儿托育服务,加大普惠性托育服务供给,每千人托位数达 {d}.{e}个以上。",
    "打造妇女儿童综合服务驿站,首批覆盖 {p}%的镇(街道)和 {lo}%-{hi}%的村(社区),为未成年人提供“家门口”的公共优质服务。",
    "开展“清朗·{y}年暑期未成年人网络环境整治”等专项行动,为未成年人营造健康向上的网络环境。",
    "深入推进“智安校园”建设,力争到年底覆盖 {p}%以上中小学、幼儿园,推进高清视频、人脸识别等新科技应用。",
    "对学校、托育、医院、校外培训、儿童福利等机构内相关工作人员违法犯罪记录进行全覆盖查询。",
    "贯彻落实《家庭教育促进法》,依法发出家庭教育指导令,督促、帮助监护人正确履行家庭教育职责。",
    "加强基层儿童工作队伍建设，组织开展业务培训不少于{n}场，培训儿童主任{k}人次以上。",
    "深化“心心向阳”青少年心理健康专项行动，大力开展青少年心理健康知识宣传普及，培育社会心理服务机构有序参与。",
]


def cjk(n):
    """Chinese numeral for 1..9999 (一, 十一, 二十, 一百零五, 一千六百)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += digits[d] + name
    return out


def marker(rng):
    units = rng.sample(UNITS, rng.randint(1, 5))
    style = rng.random()
    if style < 0.55:
        return "(责任部门:" + "、".join(units) + ")"
    if style < 0.75:
        return "（责任单位：" + "，".join(units) + "）"
    if style < 0.9 and len(units) > 1:
        return "(牵头单位:" + units[0] + ";配合单位:" + "、".join(units[1:]) + "等)"
    return "(" + "、".join(units) + "按照职责分工负责)"


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    target = int(float(sys.argv[2]) * 1_000_000) if len(sys.argv) == 3 else 10_000_000
    rng = random.Random(20220524)
    parts = ["关于印发《桐乡市未成年人保护工作委员会2022年工作要点》的通知\n"
             "桐未工委办〔2022〕2号\n"
             "市未成年人保护工作委员会各成员单位:\n"
             "    现将《桐乡市未成年人保护工作委员会2022年工作要点》印发给你们,请认真抓好贯彻落实。\n"
             "桐乡市未成年人保护工作委员会办公室\n2022年5月24日\n"]
    size = len(parts[0].encode())
    item, section = 0, 0
    while size < target:
        if item % 25 == 0:
            section += 1
            line = "%s、聚焦重点任务,进一步完善未成年人保护工作机制\n" % cjk(section)
            parts.append(line)
            size += len(line.encode())
        item += 1
        text = rng.choice(TEMPLATES).format(
            n=rng.randint(2, 40), m=rng.randint(1, 9), p=rng.randint(10, 95), d=rng.randint(1, 4),
            e=rng.randint(1, 9), y=rng.randint(2020, 2025), lo=rng.randint(1, 5),
            hi=rng.randint(6, 20), k=rng.randint(100, 2000))
        sep = "．" if rng.random() < 0.2 else "."
        line = "%d%s%s%s%s" % (item, sep, text, marker(rng), "\n" if rng.random() < 0.7 else " ")
        parts.append(line)
        size += len(line.encode())
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write("".join(parts))


if __name__ == "__main__":
    main()
