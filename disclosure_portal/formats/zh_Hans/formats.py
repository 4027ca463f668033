"""Date formats of the portal, over Django's zh_Hans ones (settings.FORMAT_MODULE_PATH).

The first input format is also the one a form widget renders its value in. Django's zh_Hans
puts "%Y/%m/%d" first, which `<input type="date">` rejects (it takes only ISO 8601), so every
date field started empty and 确认收到 failed with "这个字段是必须的". ISO first; the slash and
年月日 forms are still accepted when typed or imported. Display formats (DATE_FORMAT,
"2026年12月3日") stay Django's.
"""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
]
