"""An IMS content package of QTI questions, as Canvas (Settings > Import course content > QTI .zip
file) and other LMSs import it: `imsmanifest.xml` at the root, the questions, and the diagrams as
SVG files under `media/`, each shown with its text alternative as `alt`.

QTI 1.2 (the default, what Canvas reads): one `questestinterop` file holding one assessment with a
section per concept; items are Canvas's `multiple_choice_question`, `multiple_answers_question`
and `numerical_question` (exact answer with a margin), titled `template@seed`, with an
`itemfeedback` for every option (the belief a wrong one reveals) and the explanation as general
feedback. QTI 2.1 (`version="2.1"`): one `assessmentItem` file per question (choiceInteraction,
or a float textEntryInteraction compared with `equal` within the tolerance), modalFeedback for
every option and for the explanation, and an `assessmentTest` with a section per concept.
"""

from __future__ import annotations

import io
from lxml import etree as ET
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lakedrill.variants.question import LETTERS, Question
from lakedrill.writers import lms

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMAS = {
    CP: "http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
    QTI12: "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
    QTI21: "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
}
VERSIONS = ("1.2", "2.1")
# a fixed time for every entry, so the same questions give the same bytes
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def identifier(item: lms.Item) -> str:
    """An XML identifier (NCName) from template@seed."""
    return "q-" + item.name.replace("@", "-")


def _root(namespace: str, name: str, attributes: dict[str, str]) -> ET._Element:
    """A document's root, `namespace` its default one (every element of it unprefixed)."""
    return ET.Element(f"{{{namespace}}}{name}", {f"{{{XSI}}}schemaLocation": f"{namespace} {SCHEMAS[namespace]}",
                                                  **attributes}, nsmap={None: namespace, "xsi": XSI})


def _bytes(root: ET._Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# ------------------------------------------------------------------ QTI 1.2


def _field(parent: ET._Element, label: str, entry: str) -> None:
    field = ET.SubElement(parent, "qtimetadatafield")
    ET.SubElement(field, "fieldlabel").text = label
    ET.SubElement(field, "fieldentry").text = entry


def _mattext(parent: ET._Element, html: str) -> None:
    ET.SubElement(ET.SubElement(parent, "material"), "mattext", {"texttype": "text/html"}).text = html


def _feedback(item_element: ET._Element, ident: str, html: str) -> None:
    feedback = ET.SubElement(item_element, "itemfeedback", {"ident": ident})
    _mattext(ET.SubElement(feedback, "flow_mat"), html)


def _condition(processing: ET._Element, go_on: bool, test: ET._Element | None, *, score: str | None = None,
               feedback: str | None = None) -> None:
    condition = ET.SubElement(processing, "respcondition", {"continue": "Yes" if go_on else "No"})
    holder = ET.SubElement(condition, "conditionvar")
    if test is None:
        ET.SubElement(holder, "other")
    else:
        holder.append(test)
    if score is not None:
        ET.SubElement(condition, "setvar", {"action": "Set", "varname": "SCORE"}).text = score
    if feedback is not None:
        ET.SubElement(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback})


def _equal(value: str) -> ET._Element:
    element = ET.Element("varequal", {"respident": "response1"})
    element.text = value
    return element


def _item12(item: lms.Item, media: dict[str, bytes]) -> ET._Element:
    ident = identifier(item)
    element = ET.Element("item", {"ident": ident, "title": item.name})
    metadata = ET.SubElement(ET.SubElement(element, "itemmetadata"), "qtimetadata")
    qtype = {"single": "multiple_choice_question", "multi": "multiple_answers_question",
             "numeric": "numerical_question"}[item.kind]
    _field(metadata, "question_type", qtype)
    _field(metadata, "points_possible", "1.0")
    labels = [f"{ident}-{LETTERS[i]}" for i in range(len(item.choices))]
    if labels:
        _field(metadata, "original_answer_ids", ",".join(labels))
    _field(metadata, "assessment_question_identifierref", ident)
    presentation = ET.SubElement(element, "presentation")
    picture = lms.diagram(item)
    src = None
    if picture:
        src = f"media/{item.diagram_name}"
        media[src] = picture
    _mattext(presentation, lms.html(lms.question_html(item, src)))
    if item.kind == "numeric":
        response = ET.SubElement(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
        ET.SubElement(ET.SubElement(response, "render_fib", {"fibtype": "Decimal"}), "response_label",
                      {"ident": "answer1"})
    else:
        response = ET.SubElement(presentation, "response_lid", {
            "ident": "response1", "rcardinality": "Single" if item.kind == "single" else "Multiple"})
        render = ET.SubElement(response, "render_choice")
        for label, choice in zip(labels, item.choices):
            _mattext(ET.SubElement(render, "response_label", {"ident": label}), lms.html([lms.inline(choice.text)]))
    processing = ET.SubElement(element, "resprocessing")
    ET.SubElement(ET.SubElement(processing, "outcomes"), "decvar",
                  {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    _condition(processing, True, None, feedback="general_fb")
    feedbacks: list[tuple[str, str]] = []
    if item.kind == "numeric":
        for index, (value, text) in enumerate(item.wrong_numbers):
            _condition(processing, True, _equal(lms.number(value)), feedback=f"belief_{index}_fb")
            feedbacks.append((f"belief_{index}_fb", text))
        test = ET.Element("or")
        test.append(_equal(lms.number(item.number)))
        both = ET.SubElement(test, "and")
        ET.SubElement(both, "vargte", {"respident": "response1"}).text = lms.number(item.number - item.tolerance)
        ET.SubElement(both, "varlte", {"respident": "response1"}).text = lms.number(item.number + item.tolerance)
        _condition(processing, False, test, score="100")
    else:
        for label, choice in zip(labels, item.choices):
            _condition(processing, True, _equal(label), feedback=f"{label}_fb")
            feedbacks.append((f"{label}_fb", choice.feedback))
        if item.kind == "single":
            right = next(label for label, c in zip(labels, item.choices) if c.correct)
            _condition(processing, False, _equal(right), score="100")
        else:
            test = ET.Element("and")
            for label, choice in zip(labels, item.choices):
                if choice.correct:
                    test.append(_equal(label))
                else:
                    ET.SubElement(test, "not").append(_equal(label))
            _condition(processing, False, test, score="100")
    _feedback(element, "general_fb", lms.html(lms.blocks(item.question.explanation)))
    for ident_fb, text in feedbacks:
        _feedback(element, ident_fb, lms.html([lms.paragraph(text)]))
    return element


def _assessment12(items: Sequence[lms.Item], title: str, media: dict[str, bytes]) -> bytes:
    root = _root(QTI12, "questestinterop", {})
    assessment = ET.SubElement(root, "assessment", {"ident": "lakedrill", "title": title})
    _field(ET.SubElement(assessment, "qtimetadata"), "cc_maxattempts", "1")
    top = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for concept, group in _by_concept(items):
        section = ET.SubElement(top, "section", {"ident": f"concept-{concept}", "title": group[0].category})
        for item in group:
            section.append(_item12(item, media))
    for element in root.iter():  # the items are built without a namespace: they are in QTI 1.2's
        if not element.tag.startswith("{"):
            element.tag = f"{{{QTI12}}}{element.tag}"
    return _bytes(root)


# ------------------------------------------------------------------ QTI 2.1


def _q(name: str) -> str:
    return f"{{{QTI21}}}{name}"


def _sub(parent: ET._Element, name: str, attributes: dict[str, str] | None = None, text: str | None = None) -> ET._Element:
    element = ET.SubElement(parent, _q(name), attributes or {})
    if text is not None:
        element.text = text
    return element


def _value(parent: ET._Element, name: str, text: str, base: str | None = None) -> None:
    _sub(parent, name, {"baseType": base} if base else {}, text)


def _set_outcome(parent: ET._Element, outcome: str, base: str, value: str) -> None:
    _value(_sub(parent, "setOutcomeValue", {"identifier": outcome}), "baseValue", value, base)


def _item21(item: lms.Item, media: dict[str, bytes]) -> tuple[str, bytes, list[str]]:
    ident = identifier(item)
    root = _root(QTI21, "assessmentItem", {"identifier": ident, "title": item.name, "adaptive": "false",
                                           "timeDependent": "false"})
    numeric = item.kind == "numeric"
    cardinality = "multiple" if item.kind == "multi" else "single"
    declaration = _sub(root, "responseDeclaration", {
        "identifier": "RESPONSE", "cardinality": cardinality, "baseType": "float" if numeric else "identifier"})
    correct = _sub(declaration, "correctResponse")
    if numeric:
        _sub(correct, "value", text=lms.number(item.number))
    else:
        for letter, choice in zip(LETTERS, item.choices):
            if choice.correct:
                _sub(correct, "value", text=letter)
    _value(_sub(_sub(root, "outcomeDeclaration", {"identifier": "SCORE", "cardinality": "single", "baseType": "float"}),
                "defaultValue"), "value", "0")
    _sub(root, "outcomeDeclaration", {"identifier": "FEEDBACK", "cardinality": cardinality if not numeric else "single",
                                      "baseType": "identifier"})
    _sub(root, "outcomeDeclaration", {"identifier": "GENERAL", "cardinality": "single", "baseType": "identifier"})
    body = _sub(root, "itemBody")
    picture = lms.diagram(item)
    files = []
    src = None
    if picture:
        src = f"../media/{item.diagram_name}"
        media[f"media/{item.diagram_name}"] = picture
        files.append(f"media/{item.diagram_name}")
    body.extend(lms.question_html(item, src, QTI21))
    if numeric:
        holder = _sub(body, "p")
        _sub(holder, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "12"})
    else:
        interaction = _sub(body, "choiceInteraction", {
            "responseIdentifier": "RESPONSE", "shuffle": "false", "maxChoices": "1" if item.kind == "single" else "0"})
        for letter, choice in zip(LETTERS, item.choices):
            _sub(interaction, "simpleChoice", {"identifier": letter}).append(lms.inline(choice.text, QTI21))
    processing = _sub(root, "responseProcessing")
    _set_outcome(processing, "GENERAL", "identifier", "GENERAL")
    condition = _sub(processing, "responseCondition")
    if numeric:
        branch = _sub(condition, "responseIf")
        tolerance = lms.number(item.tolerance)
        test = _sub(branch, "equal", {"toleranceMode": "absolute", "tolerance": f"{tolerance} {tolerance}"})
        _sub(test, "variable", {"identifier": "RESPONSE"})
        _sub(test, "correct", {"identifier": "RESPONSE"})
        _set_outcome(branch, "SCORE", "float", "1")
        _set_outcome(branch, "FEEDBACK", "identifier", "RIGHT")
        for index, (value, _) in enumerate(item.wrong_numbers):
            other = _sub(condition, "responseElseIf")
            test = _sub(other, "equal", {"toleranceMode": "exact"})
            _sub(test, "variable", {"identifier": "RESPONSE"})
            _value(test, "baseValue", lms.number(value), "float")
            _set_outcome(other, "FEEDBACK", "identifier", f"BELIEF{index}")
        feedbacks = [("RIGHT", "Right.")] + [(f"BELIEF{i}", text) for i, (_, text) in enumerate(item.wrong_numbers)]
    else:
        branch = _sub(condition, "responseIf")
        if item.kind == "single":
            test = _sub(branch, "match")
            _sub(test, "variable", {"identifier": "RESPONSE"})
            _sub(test, "correct", {"identifier": "RESPONSE"})
            _set_outcome(branch, "SCORE", "float", "1")
        else:  # lakedrill's partial scheme: +1/R a right option, -1/R a wrong one, at least 0
            right = sum(c.correct for c in item.choices)
            mapping = _sub(declaration, "mapping", {"lowerBound": "0", "upperBound": "1", "defaultValue": "0"})
            for letter, choice in zip(LETTERS, item.choices):
                share = 1 / right if choice.correct else -1 / right
                _sub(mapping, "mapEntry", {"mapKey": letter, "mappedValue": lms.number(round(share, 6))})
            _sub(_sub(branch, "isNull"), "variable", {"identifier": "RESPONSE"})
            _set_outcome(branch, "SCORE", "float", "0")
            otherwise = _sub(condition, "responseElse")
            setter = _sub(otherwise, "setOutcomeValue", {"identifier": "SCORE"})
            _sub(setter, "mapResponse", {"identifier": "RESPONSE"})
        feedback_setter = _sub(processing, "setOutcomeValue", {"identifier": "FEEDBACK"})
        _sub(feedback_setter, "variable", {"identifier": "RESPONSE"})
        feedbacks = [(letter, choice.feedback) for letter, choice in zip(LETTERS, item.choices)]
    for ident_fb, text in feedbacks:
        modal = _sub(root, "modalFeedback", {"outcomeIdentifier": "FEEDBACK", "identifier": ident_fb, "showHide": "show"})
        modal.append(lms.paragraph(text, QTI21))
    general = _sub(root, "modalFeedback", {"outcomeIdentifier": "GENERAL", "identifier": "GENERAL", "showHide": "show"})
    general.extend(lms.blocks(item.question.explanation, QTI21))
    return f"items/{ident}.xml", _bytes(root), files


def _test21(items: Sequence[lms.Item], title: str) -> bytes:
    root = _root(QTI21, "assessmentTest", {"identifier": "lakedrill", "title": title})
    part = _sub(root, "testPart", {"identifier": "part", "navigationMode": "nonlinear", "submissionMode": "simultaneous"})
    for concept, group in _by_concept(items):
        section = _sub(part, "assessmentSection", {"identifier": f"concept-{concept}", "title": group[0].category,
                                                   "visible": "true"})
        for item in group:
            _sub(section, "assessmentItemRef", {"identifier": identifier(item),
                                                 "href": f"../items/{identifier(item)}.xml"})
    return _bytes(root)


# ------------------------------------------------------------------ the package


def _by_concept(items: Sequence[lms.Item]) -> list[tuple[str, list[lms.Item]]]:
    groups: dict[str, list[lms.Item]] = {}
    for item in items:
        groups.setdefault(item.question.concept, []).append(item)
    return list(groups.items())


def _manifest(resources: list[tuple[str, str, str, list[str]]], title: str) -> bytes:
    """resources: (identifier, type, href, files)."""
    root = _root(CP, "manifest", {"identifier": "lakedrill-package"})
    metadata = ET.SubElement(root, f"{{{CP}}}metadata")
    ET.SubElement(metadata, f"{{{CP}}}schema").text = "IMS Content"
    ET.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.1.3"
    ET.SubElement(root, f"{{{CP}}}organizations")
    holder = ET.SubElement(root, f"{{{CP}}}resources")
    for ident, kind, href, files in resources:
        resource = ET.SubElement(holder, f"{{{CP}}}resource", {"identifier": ident, "type": kind,
                                                               **({"href": href} if href else {})})
        for name in files:
            ET.SubElement(resource, f"{{{CP}}}file", {"href": name})
    return _bytes(root)


def package(questions: Sequence[Question], *, version: str = "1.2",
            title: str = "Lakeflow Jobs questions") -> tuple[bytes, int, list[str]]:
    """The zip's bytes, how many questions it holds, and a line for each one left out."""
    if version not in VERSIONS:
        raise ValueError(f"QTI version {version!r}: lakedrill writes {' or '.join(VERSIONS)}")
    items, notes = lms.items(questions)
    media: dict[str, bytes] = {}
    entries: dict[str, bytes] = {}
    if version == "1.2":
        entries["lakedrill-questions.xml"] = _assessment12(items, title, media)
        resources = [("questions", "imsqti_xmlv1p2", "lakedrill-questions.xml",
                      ["lakedrill-questions.xml", *sorted(media)])]
    else:
        resources = []
        for item in items:
            href, data, files = _item21(item, media)
            entries[href] = data
            resources.append((identifier(item), "imsqti_item_xmlv2p1", href, [href, *files]))
        entries["tests/lakedrill-test.xml"] = _test21(items, title)
        resources.insert(0, ("test", "imsqti_test_xmlv2p1", "tests/lakedrill-test.xml",
                             ["tests/lakedrill-test.xml"]))
    entries.update(media)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("imsmanifest.xml", _manifest(resources, title)), *sorted(entries.items())]:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue(), len(items), notes


def write(questions: Sequence[Question], path: str | Path, *, version: str = "1.2") -> tuple[int, list[str]]:
    """Write the package atomically; return how many questions it holds and what was left out."""
    from lakedrill.writers.files import write_file

    data, count, notes = package(questions, version=version)
    write_file(path, data)
    return count, notes
