"""Generate district-paper copy in bulk, for the search benchmark and tests.

The words are the paper's kind (desks, places, campaigns, figures and dates);
their frequencies fall off like a real vocabulary's, so a few words appear in
most stories and most words in few, which is what search speed depends on.
"""

import random
from dataclasses import dataclass
from itertools import accumulate

# Words nearly every story uses, most frequent first.
COMMON = (
    "工作 开展 推进 进行 发展 建设 加强 要求 落实 提升 重点 服务 企业 群众 "
    "组织 相关 部门 全面 深入 持续 积极 进一步 确保 围绕 坚持 有效 切实 召开 "
    "会议 活动 情况 问题 任务 措施 责任 目标 部署 强调 指出 表示 参加 负责人 "
    "各级 单位 社区 街道 项目 质量 水平 能力 机制 体系 管理 治理 保障 安全 "
    "稳定 经济 社会 民生 环境 基层 党员 干部 同志 人民 城市 乡村 政策 标准"
).split()

TOPICS = (
    "巡察 植树 营商环境 网格化 安全生产 文明城市 乡村振兴 垃圾分类 老旧小区改造 "
    "消防演练 招商引资 科技创新 数字经济 防汛 供暖 义诊 志愿服务 家风建设 "
    "河长制 秸秆禁烧 扫黑除恶 反诈宣传 食品安全 燃气安全 电动车充电 物业管理 "
    "背街小巷 口袋公园 便民市场 夜间经济 人才引进 技能培训 就业帮扶 社保缴纳 "
    "医保报销 校园安全 课后服务 养老驿站 助餐点 适老化改造 无障碍设施 "
    "集体经济 高标准农田 冬小麦 蔬菜大棚 冷链物流 跨境电商 专精特新 "
    "产业园区 孵化器 研发投入 知识产权 信用修复 一网通办 帮办代办 容缺受理 "
    "廉政教育 作风建设 主题教育 基层减负 统计调查 人口普查 退役军人 "
    "双拥共建 民族团结 宗教事务 法律援助 人民调解 信访接待 矛盾纠纷 "
    "应急演练 地质灾害 森林防火 大气污染 扬尘治理 雨污分流 黑臭水体 "
    "绿化提升 围挡治理 渣土车 共享单车 停车泊位 公交线路 断头路 "
    "全民健身 读书月 非遗展演 戏曲进社区 少儿编程 科普讲座"
).split()

LATIN_TERMS = (
    "5G CBD GDP PM2.5 APP AI LED ETC VR PPP IPO 4S店 5A级 3D打印 B超 CT室 WiFi "
    "12345热线"
).split()

PLACES = (
    "河畔区 沙洲路 柳岸街道 东湖社区 南苑社区 青石镇 北塘村 滨江片区 "
    "高铁站前广场 科创大道 云杉路 桃源小区 枫林苑 金穗产业园 星河湾 "
    "柳岸中学 河畔区人民医院 东湖公园 南湖湿地 青石河 北山森林公园"
).split()

DESKS = (
    "区委督查室 区商务局 区发改委 区住建局 区城管局 区应急管理局 区卫健委 "
    "区教育局 区市场监管局 区人社局 区民政局 区生态环境分局 区财政局 "
    "区税务局 区公安分局 区消防救援大队 区总工会 团区委 区妇联 区科协"
).split()

VERBS = (
    "召开 举办 组织 部署 推动 启动 完成 开展 实施 调研 检查 督导 走访 "
    "慰问 签约 揭牌 观摩 验收 培训 宣讲 排查 整治 评选 表彰 对接 座谈"
).split()

FILLERS = (
    "的 了 和 在 是 对 将 为 与 等 及 并 把 从 向 以 由 于 让 使 "
    "一批 一线 多家 全体 广大 各类 主要 重要 具体 日常 长效 精准 扎实"
).split()

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰晓岚宏力慧屹远航"

PUNCTUATION = "，，，，、；：“”"
TAIL_WORDS = 6000

# Characters common in news copy, from which the long tail of the vocabulary
# (place and company names, less frequent words) is made up.
CHARACTERS = (
    "人民国家中大年工作会发展建设经济社会区市县镇村企业项目服务管理安全生产"
    "群众干部党员组织部门单位领导同志政府政策制度机制体系能力水平质量效率"
    "环境生态绿色城乡农业工业科技创新改革开放合作交流文化教育卫生健康医疗"
    "养老就业收入消费投资产业园区基地中心平台网络数据信息智能数字交通道路"
    "水利电力能源资源土地住房小区街道社区物业商业市场价格金融银行保险税收"
    "财政资金预算审计监督检查考核评估问题整改落实推进加强提升完善优化保障"
    "稳定和谐平安法治公正公平诚信文明志愿宣传教育培训学习研究调查统计规划"
    "方案计划目标任务措施办法标准规范程序流程系统工程设施设备材料技术产品"
    "东南西北上下前后左右新老长短高低多少明亮清华美丽春夏秋冬晨晚天地山河"
    "湖海江桥林花草木石金银铜铁玉云风雨雪阳光星月青红白黄蓝紫丰盛兴旺昌隆"
)
PLACE_SUFFIXES = "路 街 街道 社区 村 镇 小区 广场 公园 大道 新村 花园".split()
ORG_SUFFIXES = "科技 集团 公司 合作社 中心 学校 医院 协会 工作室 超市 农场".split()


@dataclass
class GeneratedArticle:
    headline: str
    dek: str
    body: str  # HTML, one <p> per paragraph

    @property
    def text(self):
        """Return the article's text as search reads it (no markup)."""
        paragraphs = self.body.replace("</p>", "\n").replace("<p>", "")
        return "\n".join([self.headline, self.dek, paragraphs.strip()])


class CorpusGenerator:
    """Make reproducible articles of about ``length`` characters each."""

    def __init__(self, seed=7, length=1000):
        self.random = random.Random(seed)
        self.length = length
        # Zipf weights over one vocabulary: the common words, then the
        # written lists, then a long tail of made-up names and words.
        written = TOPICS + PLACES + DESKS + VERBS + FILLERS
        tail = set()
        while len(tail) < TAIL_WORDS:
            stem = "".join(self.random.choices(CHARACTERS, k=2))
            kind = self.random.random()
            if kind < 0.3:
                tail.add(stem + self.random.choice(PLACE_SUFFIXES))
            elif kind < 0.5:
                tail.add(stem + self.random.choice(ORG_SUFFIXES))
            else:
                tail.add(stem)
        order = (
            list(COMMON)
            + self.random.sample(written, len(written))
            + self.random.sample(sorted(tail), len(tail))
        )
        self.vocabulary = order
        self.cum_weights = list(
            accumulate(1 / rank for rank in range(1, len(order) + 1))
        )

    def name(self):
        given = "".join(self.random.choices(GIVEN, k=self.random.choice((1, 2))))
        return self.random.choice(SURNAMES) + given

    def date(self):
        return f"{self.random.randint(1, 12)}月{self.random.randint(1, 28)}日"

    def figure(self):
        choice = self.random.random()
        if choice < 0.25:
            return f"{self.random.randint(2015, 2026)}年"
        if choice < 0.5:
            return f"{self.random.randint(2, 300)}{self.random.choice('个家户人项处')}"
        if choice < 0.7:
            return f"{self.random.randint(1, 99)}.{self.random.randint(1, 9)}亿元"
        if choice < 0.85:
            return f"{self.random.randint(1, 11)}~{self.random.randint(2, 12)}月份"
        return self.random.choice(LATIN_TERMS)

    def clause(self):
        count = self.random.randint(3, 7)
        words = self.random.choices(
            self.vocabulary, cum_weights=self.cum_weights, k=count
        )
        if self.random.random() < 0.3:
            words.insert(self.random.randrange(len(words) + 1), self.figure())
        if self.random.random() < 0.15:
            words.append(self.name())
        return "".join(words)

    def sentence(self):
        clauses = [self.clause() for _ in range(self.random.randint(1, 4))]
        text = clauses[0]
        for clause in clauses[1:]:
            text += self.random.choice(PUNCTUATION[:5]) + clause
        return text + "。"

    def headline(self):
        parts = [
            self.random.choice(PLACES + DESKS),
            self.random.choice(VERBS),
            self.random.choice(TOPICS),
        ]
        if self.random.random() < 0.4:
            parts.append(self.random.choice(("工作", "活动", "推进会", "专项行动")))
        return "".join(parts)

    def article(self):
        opening = f"本报讯 {self.date()}，{self.random.choice(DESKS)}"
        paragraphs, size = [], 0
        current = opening
        while size + len(current) < self.length:
            current += self.sentence()
            if len(current) > 160 or self.random.random() < 0.2:
                paragraphs.append(current)
                size += len(current)
                current = ""
        if current:
            paragraphs.append(current)
        paragraphs[-1] += f"记者 {self.name()}"
        body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        return GeneratedArticle(
            headline=self.headline(), dek=self.sentence(), body=body
        )
