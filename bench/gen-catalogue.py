#!/usr/bin/env python3
"""Writes a synthetic catalogue in the shipped format, for benchmarks.

Usage: python3 bench/gen-catalogue.py OUT_DIR --products M [--enterprises N] [--seed S]

OUT_DIR gets catalogue.yaml (the shipped campaign's categories, townships,
editions and rules, with a title that says what was generated) and
enterprises/NNNNN-slug.yaml, one enterprise each, M products in all spread
over N enterprises (default: M / 50, at least 36). The same arguments always
give the same bytes (random.Random(seed), no clock, no environment).

The names are built the way real listings are: a place (county or township,
drawn from a few hundred across China with a skewed weight, so that some
characters are common and many are rare, as in real text), sometimes a brand
word and a grade, and a product of the category (紫阳富硒茶, 翠峰, 魔芋精粉,
腊肉...). Specs and prices follow the category (tea by 克 in 罐 and 礼盒,
eggs by 枚, water by 瓶), with the price per 500 g in a plausible range.
Every product is valid: `aixingou check --catalogue OUT_DIR` passes.
Everything here is invented; the files say so (sample: true).

Python 3 standard library only.
"""
import argparse
import json
import os
import random
import shutil
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)

# Places a listing names: Ziyang's townships and Ankang's counties first
# (they dominate, as in the shipped catalogue), then poverty-alleviation
# counties across China, for the spread of characters a national list has.
LOCAL_PLACES = """紫阳 安康 汉阴 石泉 宁陕 平利 岚皋 镇坪 旬阳 白河 汉滨 蒿坪 汉王 焕古 向阳 洞河 洄水
双桥 高桥 红椿 高滩 毛坝 瓦庙 麻柳 双安 东木 界岭 城关""".split()
NATIONAL_PLACES = """恩施 利川 建始 巴东 宣恩 咸丰 来凤 鹤峰 遵义 湄潭 凤冈 正安 务川 道真 赤水 习水
安溪 武夷 福鼎 政和 松溪 寿宁 屏南 古田 普洱 景谷 镇沅 墨江 澜沧 西盟 孟连 勐海 勐腊 临沧 双江
耿马 沧源 凤庆 云县 大理 剑川 鹤庆 洱源 巍山 永平 漾濞 南涧 丽江 宁蒗 怒江 兰坪 福贡 贡山 迪庆
维西 昭通 镇雄 彝良 威信 大关 永善 绥江 巧家 鲁甸 会泽 宣威 文山 砚山 西畴 麻栗坡 马关 丘北
广南 富宁 红河 元阳 绿春 金平 屏边 泸西 黔东南 雷山 台江 剑河 榕江 从江 黎平 锦屏 天柱 三穗 镇远
岑巩 施秉 黄平 丹寨 麻江 黔南 荔波 三都 独山 平塘 罗甸 长顺 惠水 毕节 威宁 赫章 纳雍 织金 大方
黔西 金沙 六盘水 水城 盘州 安顺 紫云 关岭 镇宁 铜仁 沿河 德江 思南 印江 石阡 松桃 江口 秀山 酉阳
彭水 石柱 巫山 巫溪 奉节 云阳 城口 开州 万州 湘西 花垣 保靖 古丈 永顺 龙山 凤凰 泸溪 怀化 沅陵
通道 靖州 麻阳 新晃 芷江 会同 溆浦 张家界 桑植 慈利 邵阳 城步 绥宁 隆回 洞口 新化 安化 大别山 金寨
霍山 岳西 太湖 潜山 宿松 六安 舒城 阜阳 临泉 颍上 阜南 井冈山 遂川 万安 永新 赣南 寻乌 安远 会昌
瑞金 于都 兴国 宁都 石城 定南 全南 龙南 上犹 崇义 大余 南康 梅州 平远 蕉岭 大埔 丰顺 五华 兴宁
河池 环江 罗城 南丹 天峨 凤山 东兰 巴马 都安 大化 百色 凌云 乐业 田林 西林 隆林 那坡 靖西 德保
田阳 田东 平果 忻城 金秀 融水 三江 龙胜 资源 恭城 陇南 武都 文县 康县 成县 徽县 两当 西和 礼县
宕昌 定西 岷县 漳县 渭源 临洮 通渭 陇西 天水 秦安 甘谷 武山 张家川 清水 临夏 东乡 积石山 康乐
固原 西吉 隆德 泾源 彭阳 海原 同心 盐池 红寺堡 甘孜 理塘 巴塘 稻城 乡城 得荣 阿坝 若尔盖 红原
壤塘 凉山 昭觉 布拖 美姑 金阳 雷波 越西 喜德 普格 盐源 木里 巴中 通江 南江 平昌 广元 旺苍 青川
苍溪 剑阁 达州 万源 宣汉 延安 延川 延长 宜川 子长 安塞 榆林 米脂 佳县 吴堡 清涧 子洲 绥德 横山
商洛 商南 山阳 镇安 柞水 丹凤 洛南 汉中 镇巴 西乡 宁强 略阳 留坝 佛坪 勉县 城固 洋县 南郑""".split()

BRANDS = """巴山 汉水 秦岭 云雾 青峰 翠岭 富硒 山里 农家 绿源 清泉 高山 凤凰 金穗 瑞丰 丰禾 谷雨
春晓 秋实 禾润 家和 兴农 惠民 福源 鑫盛 裕丰 嘉禾 康源 恒昌 同心 众兴 宏达 盛世 天润 和泰 泓源
鹏程 龙腾 华茂 晨光 硒谷 硒都 硒源 茗香 茗园 雾峰 云岭 青岩 石门 溪口 桃源 杏林 竹林 松涛 兰亭
梅岭 菊园 荷塘 柳湾 枫林 桂香 橘乡 梨园 栗香 椿芽 艾香 蜂巢 蜜源 菌乡 耳山 笋乡 薯香""".split()

COMPANY_KINDS = [
    ("茶业有限公司", "tea"), ("生态茶业有限公司", "tea"), ("茶叶专业合作社", "tea"),
    ("魔芋科技有限公司", "konjac"), ("魔芋食品有限公司", "konjac"),
    ("食品有限公司", None), ("农业开发有限公司", None), ("生态农业有限公司", None),
    ("农产品专业合作社", None), ("农副产品有限公司", None), ("电子商务有限公司", None),
    ("腊味食品厂", "cured-meat"), ("山珍食品有限公司", "fungi"), ("蜂业专业合作社", "honey"),
    ("粮油有限公司", "grain"), ("养殖专业合作社", "eggs-poultry"), ("果业专业合作社", "produce"),
    ("艾草制品有限公司", "health"), ("饮品有限公司", "drinks"),
]

# Per category: product words, grades, and how it is packed. A pack is
# (spec template, grams per unit, unit, price per 500 g range in yuan);
# grams None for goods sold by the piece (the price then comes from the
# range as it is).
CATEGORIES = {
    "tea": {
        "words": ["富硒茶", "毛尖", "毛尖·翠峰", "毛尖·银针", "毛尖·翠芽", "绿茶", "红茶", "白茶",
                  "工夫红茶", "炒青", "烘青", "翠峰", "银针", "雀舌", "芽茶", "花茶", "富硒绿茶",
                  "高山云雾茶", "明前茶", "雨前茶", "老鹰茶", "绞股蓝茶"],
        "grades": ["特级", "一级", "二级", "明前", "雨前", "高山", "有机", "手工", "精品", ""],
        "packs": [("{g}克罐", None, "罐", (80, 900)), ("{g}克礼盒", None, "盒", (120, 1200)),
                  ("{g}克×2罐礼盒", 2, "盒", (120, 1200)), ("{g}克袋装", None, "袋", (60, 500))],
        "grams": [50, 100, 125, 150, 200, 250, 500],
    },
    "konjac": {
        "words": ["魔芋精粉", "魔芋丝", "魔芋面", "魔芋豆腐", "魔芋挂面", "魔芋爽", "魔芋凉粉",
                  "魔芋米", "魔芋粉条", "魔芋素毛肚"],
        "grades": ["富硒", "手工", "低卡", "即食", "", ""],
        "packs": [("{g}克袋装", None, "袋", (12, 60)), ("{g}克×4袋/箱", 4, "箱", (12, 60)),
                  ("{g}克真空装", None, "袋", (12, 60))],
        "grams": [200, 250, 300, 500, 1000],
    },
    "cured-meat": {
        "words": ["腊肉", "烟熏腊肉", "腊排骨", "腊猪蹄", "腊香肠", "麻辣香肠", "熏豆腐干",
                  "腊猪头", "腊鸡", "腊鸭", "风干牛肉"],
        "grades": ["农家", "柴火", "土猪", "秘制", "传统", ""],
        "packs": [("{g}克真空装", None, "袋", (35, 90)), ("{g}克礼盒", None, "盒", (40, 110)),
                  ("{n}斤/箱", "jin", "箱", (35, 80))],
        "grams": [500, 1000, 1500, 2000, 2500],
    },
    "fungi": {
        "words": ["黑木耳", "香菇", "花菇", "羊肚菌", "天麻", "猴头菇", "竹荪", "银耳", "茶树菇",
                  "野生菌", "竹笋", "蕨菜", "香椿芽"],
        "grades": ["野生", "高山", "椴木", "精选", "特级", ""],
        "packs": [("{g}克袋装", None, "袋", (30, 260)), ("{g}克礼盒", None, "盒", (40, 300)),
                  ("{g}克罐", None, "罐", (40, 300))],
        "grams": [100, 150, 200, 250, 500],
    },
    "nuts-oil": {
        "words": ["核桃", "薄壳核桃", "核桃仁", "核桃油", "菜籽油", "山茶油", "板栗", "花生",
                  "葵花籽", "山核桃"],
        "grades": ["压榨", "冷榨", "农家", "精选", "纸皮", ""],
        "packs": [("{g}克袋装", None, "袋", (15, 80)), ("{n}斤/箱", "jin", "箱", (12, 60)),
                  ("{g}克/瓶", None, "瓶", (40, 150))],
        "grams": [250, 500, 1000, 2500],
    },
    "honey": {
        "words": ["土蜂蜜", "百花蜜", "洋槐蜜", "椴树蜜", "五倍子蜜", "荆条蜜", "枣花蜜",
                  "野桂花蜜", "蜂巢蜜", "蜂王浆"],
        "grades": ["原生态", "深山", "农家", "成熟", ""],
        "packs": [("{g}克/瓶", None, "瓶", (40, 160)), ("{g}克×2瓶礼盒", 2, "盒", (50, 180))],
        "grams": [250, 500, 1000],
    },
    "grain": {
        "words": ["黑米", "富硒大米", "小米", "荞麦", "燕麦", "玉米糁", "红薯粉条", "土豆粉",
                  "绿豆", "红豆", "黄豆", "黑米糊", "杂粮礼盒", "挂面", "手工面"],
        "grades": ["富硒", "有机", "农家", "高山", "新", ""],
        "packs": [("{g}克袋装", None, "袋", (6, 30)), ("{g}克×4袋/箱", 4, "箱", (6, 30)),
                  ("{kg}千克/袋", "kg", "袋", (5, 20))],
        "grams": [500, 1000, 2500, 5000],
    },
    "eggs-poultry": {
        "words": ["土鸡蛋", "乌鸡蛋", "变蛋", "咸鸭蛋", "鹅蛋", "土鸡", "乌鸡", "麻鸭"],
        "grades": ["散养", "林下", "农家", "生态", ""],
        "packs": [("{n}枚/盒", "piece", "盒", (1.2, 3.5)), ("{n}枚/箱", "piece", "箱", (1.2, 3.0)),
                  ("约{kg}千克/只", "kg", "只", (25, 60))],
        "grams": [],
    },
    "produce": {
        "words": ["金钱橘", "脐橙", "猕猴桃", "大蒜", "紫皮大蒜", "生姜", "红薯", "土豆", "辣椒",
                  "板栗南瓜", "樱桃", "李子", "柿饼", "枇杷"],
        "grades": ["新鲜", "高山", "富硒", "农家", ""],
        "packs": [("{n}斤/箱", "jin", "箱", (3, 20)), ("{kg}千克/袋", "kg", "袋", (3, 15))],
        "grams": [],
    },
    "condiments": {
        "words": ["辣椒酱", "豆瓣酱", "香菇酱", "腐乳", "泡菜", "酸菜", "豆豉", "花椒", "山胡椒油",
                  "剁辣椒", "榨菜"],
        "grades": ["农家", "秘制", "手工", "香辣", ""],
        "packs": [("{g}克罐", None, "罐", (15, 60)), ("{g}克×2罐礼盒", 2, "盒", (18, 70)),
                  ("{g}克袋装", None, "袋", (12, 50))],
        "grams": [200, 250, 300, 500],
    },
    "health": {
        "words": ["艾草枕", "艾草足浴包", "艾条", "艾绒", "艾草香囊", "艾草精油皂", "金银花",
                  "杜仲茶", "葛根粉", "天麻粉"],
        "grades": ["陈年", "手工", "野生", ""],
        "packs": [("{n}支/盒", "piece", "盒", (2, 8)), ("{n}包/盒", "piece", "盒", (1, 4)),
                  ("1只，约40×60厘米", "one", "只", (48, 168))],
        "grams": [],
    },
    "drinks": {
        "words": ["富硒矿泉水", "山泉水", "苏打水", "猕猴桃汁", "核桃乳", "米酒", "拐枣酒",
                  "黄酒", "沙棘汁"],
        "grades": ["天然", "富硒", "高山", ""],
        "packs": [("{ml}毫升×{n}瓶/箱", "bottles", "箱", (0.6, 12))],
        "grams": [],
    },
    "gift-box": {
        "words": ["年货礼盒", "中秋礼盒", "端午礼盒", "春节礼盒", "山珍礼盒", "富硒礼盒",
                  "扶贫礼包", "农特产礼盒"],
        "grades": ["精选", "尊享", "家庭", ""],
        "packs": [("绿茶{g}克+木耳250克+蜂蜜500克", "combo", "盒", (88, 398)),
                  ("腊肉1000克+香肠500克+茶叶{g}克", "combo", "盒", (128, 498))],
        "grams": [100, 150, 250],
    },
}
CATEGORY_WEIGHTS = {"tea": 22, "konjac": 8, "cured-meat": 8, "fungi": 10, "nuts-oil": 8,
                    "honey": 6, "grain": 10, "eggs-poultry": 5, "produce": 8, "condiments": 6,
                    "health": 4, "drinks": 3, "gift-box": 4}

TAGS = ["礼盒", "明前", "紫阳富硒茶", "地理标志", "有机", "绿色食品", "富硒", "手工", "散养",
        "年货", "中秋", "端午", "春节", "试饮装", "家庭装", "高山", "野生", "传统工艺", "扶贫产品",
        "滞销帮扶", "新品", "老字号"]
DESCRIPTIONS = ["产自海拔八百米以上的茶园，富含硒元素。", "农户散养，不喂饲料，自然生长。",
                "传统柴火熏制，烟香浓郁，切片蒸熟即食。", "采用当年新料，真空包装，便于保存。",
                "合作社统一收购农户产品，带动贫困户增收。", "适合节日慰问和职工福利发放。",
                "深山采集，晾晒干燥，无添加。", "冷压榨工艺，保留天然香味。",
                "产品已在全国贫困地区农副产品网络销售平台上架。", "企业受疫情影响产品滞销，列入帮扶名单。"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国华军平明丽红霞伟芳秀英敏静强磊洋勇艳杰娟涛超玲兰鹏辉宇浩凯晨鑫"

PINYIN_SLUGS = ["cha", "shan", "nong", "lv", "xin", "hua", "feng", "yun", "qing", "jin", "fu",
                "xi", "an", "kang", "he", "tai", "yuan", "sheng", "long", "bao"]


def zipf_choice(rng, items, s=1.1):
    """A choice skewed to the front of items (roughly Zipf), so that a few
    places are common and most are rare, as characters are in real text."""
    # Inverse transform over a precomputed table per list.
    key = id(items)
    table = _zipf_tables.get(key)
    if table is None:
        acc, table = 0.0, []
        for i in range(len(items)):
            acc += 1.0 / (i + 1) ** s
            table.append(acc)
        _zipf_tables[key] = table
    x = rng.random() * table[-1]
    lo, hi = 0, len(table) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if table[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return items[lo]


_zipf_tables = {}


def ystr(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def yuan(fen):
    return f"{fen // 100}" if fen % 100 == 0 else f"{fen // 100}.{fen % 100:02d}"


def price_fen(rng, yuan_value):
    """A shop price: ends in .8, .9 or a whole yuan, never below 1 yuan."""
    fen = max(100, int(yuan_value * 100))
    ending = rng.choice([0, 0, 80, 90, 0])
    return max(100, fen - fen % 100 + ending)


def make_pack(rng, cat):
    """(spec, unit, net_weight_g or None, price in fen) for one product."""
    c = CATEGORIES[cat]
    template, how, unit, (lo, hi) = rng.choice(c["packs"])
    per500 = rng.uniform(lo, hi)
    if how is None or how == 2 or how == 4:
        g = rng.choice(c["grams"])
        weight = g * (how or 1)
        spec = template.format(g=g)
        return spec, unit, weight, price_fen(rng, per500 * weight / 500)
    if how == "jin":
        n = rng.choice([2, 3, 5, 10])
        return template.format(n=n), unit, n * 500, price_fen(rng, per500 * n)
    if how == "kg":
        kg = rng.choice([1.5, 2, 2.5, 5])
        weight = int(kg * 1000)
        return template.format(kg=kg if kg % 1 else int(kg)), unit, weight, \
            price_fen(rng, per500 * weight / 500)
    if how == "piece":
        n = rng.choice([10, 12, 20, 30, 60])
        return template.format(n=n), unit, None, price_fen(rng, per500 * n)
    if how == "bottles":
        ml, n = rng.choice([(350, 24), (500, 12), (500, 24), (1500, 6)])
        return template.format(ml=ml, n=n), unit, None, price_fen(rng, per500 * n)
    if how == "combo":
        g = rng.choice(c["grams"])
        return template.format(g=g), unit, None, price_fen(rng, per500)
    return template, unit, None, price_fen(rng, per500)  # "one"


def product_name(rng, cat, place, brand):
    c = CATEGORIES[cat]
    word = rng.choice(c["words"])
    grade = rng.choice(c["grades"])
    r = rng.random()
    if r < 0.45:
        head = place
    elif r < 0.7:
        head = brand
    elif r < 0.85:
        head = place + brand
    else:
        head = ""
    name = head + grade + word
    return name if name else word


def write_campaign(out, nent, nprod):
    src = os.path.join(root, "catalogue", "catalogue.yaml")
    with open(src, encoding="utf-8") as f:
        lines = f.read().splitlines()
    with open(os.path.join(out, "catalogue.yaml"), "w", encoding="utf-8") as f:
        f.write(f"# 生成的基准测试目录（bench/gen-catalogue.py）：{nent} 家企业、{nprod} 种产品，均为虚构。\n")
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith("title:"):
                line = f"title: {ystr(f'基准测试目录（{nent}家企业、{nprod}种产品）')}"
            f.write(line + "\n")
    townships = []
    in_townships = False
    for line in lines:
        if line.startswith("townships:"):
            in_townships = True
        elif in_townships and line.strip().startswith("name:"):
            townships.append(line.split(":", 1)[1].strip())
        elif in_townships and line and not line.startswith(" "):
            in_townships = False
    return townships


def write_enterprise(out, rng, index, nproducts, townships):
    """One enterprise file with nproducts products."""
    place = zipf_choice(rng, LOCAL_PLACES) if rng.random() < 0.5 else \
        zipf_choice(rng, NATIONAL_PLACES)
    brand = zipf_choice(rng, BRANDS)
    suffix, main_cat = rng.choice(COMPANY_KINDS)
    county = place if place.endswith(("县", "市", "区")) else place + rng.choice(["县", "县", "市"])
    name = county + brand + suffix
    short = brand + suffix.replace("有限公司", "").replace("专业合作社", "合作社")[:2]
    eid = f"e{index:05d}-{rng.choice(PINYIN_SLUGS)}"
    kinds = ["farm"] if rng.random() < 0.85 else ["farm", "hardship"]
    platforms = [p for p, w in (("832", 0.8), ("shaanxi-union", 0.2)) if rng.random() < w]
    lines = [f"# 生成的示例企业 {index}（虚构）",
             f"id: {eid}",
             f"name: {ystr(name)}",
             f"short_name: {ystr(short)}",
             "kinds:"] + [f"  - {k}" for k in kinds] + [
             f"township: {ystr(rng.choice(townships))}",
             f"edition: {rng.choice([1, 1, 2])}"]
    if platforms:
        lines.append("platforms:")
        lines += [f"  - {ystr(p)}" for p in platforms]
    if rng.random() < 0.3:
        lines += ["contact:",
                  f"  person: {ystr(rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN))}",
                  f"  address: {ystr(county + rng.choice(townships) + rng.choice(GIVEN) + '村')}"]
    lines.append(f"description: {ystr(rng.choice(DESCRIPTIONS))}")
    lines.append("products:")
    cats = list(CATEGORY_WEIGHTS)
    weights = [CATEGORY_WEIGHTS[c] for c in cats]
    for k in range(nproducts):
        cat = main_cat if main_cat and rng.random() < 0.7 else rng.choices(cats, weights)[0]
        spec, unit, weight, fen = make_pack(rng, cat)
        lines += [f"  - id: {eid}-{k + 1}",
                  f"    name: {ystr(product_name(rng, cat, place, brand))}",
                  f"    category: {cat}",
                  f"    spec: {ystr(spec)}",
                  f"    unit: {ystr(unit)}",
                  f"    price: {yuan(fen)}"]
        if weight:
            lines.append(f"    net_weight_g: {weight}")
        if rng.random() < 0.1:
            lines.append(f"    min_order: {rng.choice([5, 10, 20])}")
        lines.append(f"    certified_832: {'true' if rng.random() < 0.7 else 'false'}")
        lines.append(f"    selenium_rich: {'true' if rng.random() < 0.4 else 'false'}")
        if rng.random() < 0.6:
            lines.append(f"    shelf_life_days: {rng.choice([180, 270, 365, 540, 720])}")
        ntags = rng.choice([0, 1, 1, 2, 3])
        if ntags:
            lines.append("    tags:")
            lines += [f"      - {ystr(t)}" for t in rng.sample(TAGS, ntags)]
        if rng.random() < 0.3:
            lines.append(f"    description: {ystr(rng.choice(DESCRIPTIONS))}")
    path = os.path.join(out, "enterprises", f"{index:05d}-{eid.split('-', 1)[1]}.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def generate(out, nproducts, nenterprises=None, seed=1):
    """Writes the catalogue; replaces out when it exists."""
    if nenterprises is None:
        nenterprises = max(36, nproducts // 50)
    nenterprises = max(1, min(nenterprises, nproducts))
    rng = random.Random(seed)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "enterprises"))
    townships = write_campaign(out, nenterprises, nproducts)
    # Products per enterprise: uneven, as in real lists, and adding up to M.
    shares = [rng.uniform(0.3, 1.7) for _ in range(nenterprises)]
    total = sum(shares)
    counts = [max(1, int(s / total * nproducts)) for s in shares]
    diff = nproducts - sum(counts)
    i = 0
    while diff != 0:
        j = i % nenterprises
        if diff > 0:
            counts[j] += 1
            diff -= 1
        elif counts[j] > 1:
            counts[j] -= 1
            diff += 1
        i += 1
    for index, n in enumerate(counts, 1):
        write_enterprise(out, rng, index, n, townships)
    return nenterprises


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="the folder to write (replaced when it exists)")
    ap.add_argument("--products", type=int, required=True)
    ap.add_argument("--enterprises", type=int, default=None,
                    help="default: products / 50, at least 36")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.products < 1:
        sys.exit("--products must be at least 1")
    n = generate(a.out, a.products, a.enterprises, a.seed)
    print(f"{a.out}: {n} enterprises, {a.products} products (seed {a.seed})")


if __name__ == "__main__":
    main()
