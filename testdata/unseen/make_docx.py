#!/usr/bin/env python3
"""Writes u13_autonum_plan.docx: a Word-style file whose heading numbers
(一、 （一） 1.) come from a multilevel list in numbering.xml, not from the
text, the way Word and WPS save auto-numbered headings. Level 1 headings get
their numbering through the heading style, the others through direct numPr.
Run from this folder: python3 make_docx.py"""
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

def p(text, style=None, ilvl=None):
    ppr = ""
    if style:
        ppr += '<w:pStyle w:val="%s"/>' % style
    if ilvl is not None:
        ppr += '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr>' % ilvl
    return '<w:p><w:pPr>%s</w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (ppr, text)

body = [
    p("城南社区卫生服务中心党支部2026年工作计划", "Title"),
    p("为认真落实上级党组织工作部署，推进支部建设提质增效，充分发挥党支部在基层医疗卫生服务中的战斗堡垒作用，结合中心实际，制定本计划。"),
    p("工作目标", "1"),
    p("全年发展党员1至2名，党员参加集中学习每月不少于1次；居民健康档案规范化电子建档率达到90%以上，辖区65岁及以上老年人健康管理率不低于70%。"),
    p("重点任务", "1"),
    p("加强政治理论学习", "2", 1),
    p("以“三会一课”为基本制度，每月开展1次主题党日活动。全年组织党员集中学习12次，专题研讨不少于3次，引导党员学深悟透、知行合一。"),
    p("提升服务能力", "2", 1),
    p("家庭医生签约服务", None, 2),
    p("组建家庭医生团队8个，重点人群签约率稳定在65%左右，高血压、糖尿病患者规范管理人数分别达到1500人和600人。"),
    p("健康宣教进社区", None, 2),
    p("每季度举办健康讲座不少于2场，全年发放健康宣传资料5000余份，提高居民健康素养水平。"),
    p("强化作风建设", "2", 1),
    p("深入开展医德医风专题教育，患者满意度保持在95%以上，群众有效投诉办结率100%。坚持“首诊负责、一次讲清”，让居民少跑腿、好办事。"),
    p("保障措施", "1"),
    p("支部书记每季度向上级党组织汇报1次工作，年底前完成支部年度述职评议。各党小组要细化任务清单，明确责任人和完成时限，确保各项任务落到实处。"),
    p("城南社区卫生服务中心党支部"),
    p("2026年1月15日"),
]

styles = '''<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'''

numbering = '''<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'''

ct = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>'''
rels = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>'''
doc_rels = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>'''
head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

with zipfile.ZipFile("u13_autonum_plan.docx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in [
        ("[Content_Types].xml", ct),
        ("_rels/.rels", rels),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/document.xml", head + "<w:document %s><w:body>%s</w:body></w:document>" % (W, "".join(body))),
        ("word/styles.xml", head + "<w:styles %s>%s</w:styles>" % (W, styles)),
        ("word/numbering.xml", head + "<w:numbering %s>%s</w:numbering>" % (W, numbering)),
    ]:
        zi = zipfile.ZipInfo(name, (2026, 1, 15, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data)
