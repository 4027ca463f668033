"""Words and sentences for synthetic items, drawn from the seed documents.

Bodies are sentences of the real office documents in `shared/seeds`; titles
combine the subjects and kinds of work those documents name. Seeds written in
traditional characters with pinyin annotations, and site boilerplate, are left
out. Without the seeds (a clone without `shared/`), a short built-in text stands
in, so the generator still runs.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# What offices publish about, and the kinds of work they publish (from the seeds).
SUBJECTS = [
    "政务公开",
    "财政预算",
    "部门决算",
    "“三公”经费",
    "农村危房改造",
    "城乡低保",
    "特困人员救助",
    "秸秆禁烧",
    "防汛抗旱",
    "义务教育",
    "安全生产",
    "食品安全",
    "乡村振兴",
    "耕地保护",
    "医疗保障",
    "疫情防控",
    "河长制",
    "农村人居环境整治",
    "高标准农田建设",
    "土地征收",
    "房屋征收",
    "政府集中采购",
    "重大建设项目",
    "财政专项资金",
    "惠民资金发放",
    "就业创业",
    "养老服务",
    "退役军人优抚",
    "文明城市创建",
    "生态环境保护",
    "森林防火",
    "扶贫项目",
    "小额信贷",
    "残疾人两项补贴",
    "耕地地力保护补贴",
    "行政执法公示",
    "双随机一公开",
    "优化营商环境",
    "建议提案办理",
    "政府信息公开年度报告",
]
WORKS = [
    "工作方案",
    "实施意见",
    "实施方案",
    "专项整治行动方案",
    "工作要点",
    "工作总结",
    "检查情况",
    "资金分配结果",
    "公示",
    "公告",
    "考核结果",
    "管理办法",
    "情况通报",
    "工作动态",
    "应急预案",
    "项目进展情况",
    "申报指南",
    "审计结果",
    "信息统计",
]
# Planted in one item of every RARE_EVERY: the benchmark's rare search term.
RARE_TERM = "蓄滞洪区"
RARE_EVERY = 50_000

FALLBACK_TEXT = """\
为认真贯彻落实政府信息公开条例，提高依法行政水平和行政透明度，我局进一步加大政务公开工作力度。
坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。
全年主动公开政府信息一千余条，其中财政预决算、重大建设项目、社会救助等重点领域信息均及时公开。
依申请公开工作规范有序，所有申请均在法定期限内答复，未发生行政复议和行政诉讼。
通过政府网站、政务微信、公示栏等渠道，方便群众及时了解政策和办事程序。
下一步，我们将继续完善政务公开制度，加强政策解读和回应关切，提升公开质量和实效。
各村（社区）要高度重视，明确专人负责，确保各项惠民资金分配发放情况公开到村到户到人。
严格执行信息发布保密审查制度，涉及国家秘密、商业秘密和个人隐私的信息不予公开。
"""

BOILERPLATE = ("VIP", "下载", "小编", "文档", "搜索", "http", "www", "版权", "点击", "发布时间")
PINYIN_ANNOTATION = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
SENTENCE_END = re.compile(r"[。！？!?\n]")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Vocabulary:
    sentences: tuple
    subjects: tuple = tuple(SUBJECTS)
    works: tuple = tuple(WORKS)


def seeds_dir():
    """Where the seed documents are: $BENCH_SEEDS_DIR, or shared/seeds beside the project."""
    if os.environ.get("BENCH_SEEDS_DIR"):
        return Path(os.environ["BENCH_SEEDS_DIR"])
    base = Path(settings.BASE_DIR)
    for parent in (base.parent, base.parent.parent):
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared" / "seeds"
    return None


def usable_sentence(sentence):
    if not 12 <= len(sentence) <= 150 or any(word in sentence for word in BOILERPLATE):
        return False
    # Lists of people ("组 长:某某 乡长") are not content.
    if ":" in sentence[:8] or "：" in sentence[:8]:
        return False
    return len(CJK.findall(sentence)) >= 0.6 * len(sentence)


def sentences_of(text):
    found = []
    for raw in SENTENCE_END.split(text):
        # Tabs and backslashes would need escaping in COPY; the documents never need them.
        sentence = raw.replace("\t", " ").replace("\\", "").replace("\r", "").strip()
        if usable_sentence(sentence):
            found.append(sentence + "。")
    return found


def load_vocabulary(directory=None):
    directory = directory or seeds_dir()
    sentences = []
    if directory:
        for path in sorted(Path(directory).glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if PINYIN_ANNOTATION.search(text):
                continue  # traditional characters with pinyin: not what our offices write
            sentences.extend(sentences_of(text))
    if len(sentences) < 20:
        sentences.extend(sentences_of(FALLBACK_TEXT))
    # The benchmark's rare term must be rare: only the planted items contain it.
    sentences = [s for s in dict.fromkeys(sentences) if RARE_TERM not in s]
    return Vocabulary(sentences=tuple(sentences))
