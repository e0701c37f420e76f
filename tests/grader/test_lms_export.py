"""LMS exports read back with an independent reader (lxml, against the structure Moodle and IMS
document), compared with the Question JSON of the same selection: count, names, keys, feedback,
the diagram and its text alternative."""

import base64
import json
import zipfile
from functools import cache

import lxml.etree as etree
import lxml.html
import pytest
from click.testing import CliRunner

from lakedrill.cli import main
from lakedrill.engine.misconceptions import MISCONCEPTIONS

SELECTIONS = [("-n", "14", "--seed", "5"), ("--exam", "--seed", "7"), ("--concept", "run-if", "-n", "4", "--format", "exam")]
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
Q12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
Q21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@cache
def questions(selection):
    return json.loads(run("export", "json", *selection).stdout)


def text_of(fragment: str) -> str:
    """What a reader sees of an HTML fragment."""
    return " ".join(lxml.html.fragment_fromstring(fragment, create_parent="div").text_content().split())


def plain(markdown: str) -> str:
    return " ".join(markdown.replace("`", "").replace("**", "").split())


def beliefs(option) -> list[str]:
    return [MISCONCEPTIONS[m].belief for m in option["misconceptions"]]


def check_alt(fragment: str, question) -> None:
    """The diagram is there with a text alternative that names every task of the job."""
    images = lxml.html.fragment_fromstring(fragment, create_parent="div").findall(".//img")
    if question["job"] is None:
        assert not images
        return
    assert len(images) == 1
    alt = images[0].get("alt")
    for task in question["job"]["tasks"]:
        assert task["task_key"] in alt


@pytest.mark.parametrize("selection", SELECTIONS)
def test_moodle_export_reads_back_as_the_questions(tmp_path, selection):
    out = tmp_path / "quiz.xml"
    assert run("export", "moodle", "-o", str(out), *selection).stdout.strip().endswith("questions")
    root = etree.parse(str(out)).getroot()
    assert root.tag == "quiz"
    expected = questions(selection)
    asked = [q for q in root.findall("question") if q.get("type") != "category"]
    assert [q.findtext("name/text") for q in asked] == [q["id"] for q in sorted(
        expected, key=lambda q: [e["concept"] for e in expected].index(q["concept"]))]
    # a category per concept, each before its questions
    category = None
    for element in root.findall("question"):
        if element.get("type") == "category":
            category = element.findtext("category/text")
            continue
        data = next(q for q in expected if q["id"] == element.findtext("name/text"))
        assert category.startswith("$course$/top/Lakeflow Jobs/")
        assert element.findtext("idnumber") == data["id"]
        text = element.findtext("questiontext/text")
        check_alt(text, data)
        if data["job"] is not None:
            picture = element.find("questiontext/file")
            assert picture.get("name") in text and base64.b64decode(picture.text).startswith(b"<svg")
        general = text_of(element.findtext("generalfeedback/text"))
        assert general == plain(data["explanation"]).replace("\n", " ") or "https://docs.databricks.com" in general
        assert lxml.html.fragment_fromstring(element.findtext("generalfeedback/text"), create_parent="div") \
            .xpath(".//a[starts-with(@href, 'https://')]")
        answers = element.findall("answer")
        if data["kind"] == "numeric":
            assert element.get("type") == "numerical"
            right = [a for a in answers if a.get("fraction") == "100"]
            assert len(right) == 1 and float(right[0].findtext("text")) == data["key"]
            assert answers[-1].findtext("text") == "*"
            continue
        assert element.get("type") == "multichoice"
        if data["kind"] in ("set", "order"):  # no LMS type: its exam form, one right option
            assert element.findtext("single") == "true"
            assert sum(a.get("fraction") == "100" for a in answers) == 1
            continue
        assert element.findtext("single") == ("false" if data["kind"] == "multi" else "true")
        assert [text_of(a.findtext("text")) for a in answers] == [plain(o["text"]) for o in data["options"]]
        for answer, option in zip(answers, data["options"]):
            feedback = text_of(answer.findtext("feedback/text"))
            assert (float(answer.get("fraction")) > 0) == option["correct"]
            if option["correct"]:
                assert feedback == "Right."
            else:
                assert all(b in feedback for b in beliefs(option))
                assert option["misconceptions"] or "the answer is" in feedback


def read_package(path):
    archive = zipfile.ZipFile(path)
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.tag == f"{CP}manifest"
    names = set(archive.namelist())
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    for resource in resources:
        for file in resource.findall(f"{CP}file"):
            assert file.get("href") in names  # every file the manifest lists is in the package
    return archive, resources


def check_choices(data, labels_texts, right_labels, feedback_of):
    """The options, the key and every option's feedback against the Question JSON."""
    if data["kind"] in ("set", "order"):
        assert len(right_labels) == 1
        return
    assert [plain(o["text"]) for o in data["options"]] == [text for _, text in labels_texts]
    for (label, _), option in zip(labels_texts, data["options"]):
        assert (label in right_labels) == option["correct"]
        feedback = feedback_of(label)
        if not option["correct"]:
            assert all(b in feedback for b in beliefs(option)) and feedback


@pytest.mark.parametrize("selection", SELECTIONS)
def test_qti_12_package_reads_back_as_the_questions(tmp_path, selection):
    out = tmp_path / "quiz.zip"
    run("export", "qti", "-o", str(out), *selection)
    archive, resources = read_package(out)
    assert [r.get("type") for r in resources] == ["imsqti_xmlv1p2"]
    root = etree.fromstring(archive.read(resources[0].get("href")))
    assert root.tag == f"{Q12}questestinterop"
    expected = {q["id"]: q for q in questions(selection)}
    items = root.findall(f".//{Q12}item")
    assert sorted(i.get("title") for i in items) == sorted(expected)
    sections = root.findall(f"{Q12}assessment/{Q12}section/{Q12}section")
    assert len(sections) == len({q["concept"] for q in expected.values()})
    for item in items:
        data = expected[item.get("title")]
        fields = {f.findtext(f"{Q12}fieldlabel"): f.findtext(f"{Q12}fieldentry")
                  for f in item.findall(f".//{Q12}qtimetadatafield")}
        stem = item.findtext(f"{Q12}presentation/{Q12}material/{Q12}mattext")
        check_alt(stem, data)
        for image in lxml.html.fragment_fromstring(stem, create_parent="div").findall(".//img"):
            assert archive.read(image.get("src")).startswith(b"<svg")
        feedback = {f.get("ident"): text_of(f.findtext(f".//{Q12}mattext")) for f in item.findall(f"{Q12}itemfeedback")}
        assert "https://docs.databricks.com" in feedback["general_fb"]
        scoring = [c for c in item.findall(f".//{Q12}respcondition") if c.find(f"{Q12}setvar") is not None]
        assert len(scoring) == 1 and scoring[0].findtext(f"{Q12}setvar") == "100"
        if data["kind"] == "numeric":
            assert fields["question_type"] == "numerical_question"
            assert float(scoring[0].findtext(f".//{Q12}varequal")) == data["key"]
            continue
        labels = [(label.get("ident"), text_of(label.findtext(f".//{Q12}mattext")))
                  for label in item.findall(f".//{Q12}response_label")]
        if data["kind"] == "multi":
            assert fields["question_type"] == "multiple_answers_question"
            right = {v.text for v in scoring[0].findall(f"{Q12}conditionvar/{Q12}and/{Q12}varequal")}
        else:
            assert fields["question_type"] == "multiple_choice_question"
            right = {scoring[0].findtext(f".//{Q12}varequal")}
        check_choices(data, labels, right, lambda label: feedback[f"{label}_fb"])


@pytest.mark.parametrize("selection", SELECTIONS[:2])
def test_qti_21_package_reads_back_as_the_questions(tmp_path, selection):
    out = tmp_path / "quiz.zip"
    run("export", "qti", "--qti-version", "2.1", "-o", str(out), *selection)
    archive, resources = read_package(out)
    expected = {q["id"]: q for q in questions(selection)}
    items = [r for r in resources if r.get("type") == "imsqti_item_xmlv2p1"]
    tests = [r for r in resources if r.get("type") == "imsqti_test_xmlv2p1"]
    assert len(items) == len(expected) and len(tests) == 1
    test = etree.fromstring(archive.read(tests[0].get("href")))
    refs = test.findall(f".//{Q21}assessmentItemRef")
    assert len(refs) == len(expected)
    assert len(test.findall(f".//{Q21}assessmentSection")) == len({q["concept"] for q in expected.values()})
    for resource in items:
        root = etree.fromstring(archive.read(resource.get("href")))
        assert root.tag == f"{Q21}assessmentItem"
        data = expected[root.get("title")]
        body = root.find(f"{Q21}itemBody")
        images = body.findall(f".//{Q21}img")
        if data["job"] is not None:
            assert len(images) == 1
            assert all(t["task_key"] in images[0].get("alt") for t in data["job"]["tasks"])
        feedback = {m.get("identifier"): " ".join("".join(m.itertext()).split())
                    for m in root.findall(f"{Q21}modalFeedback")}
        assert "https://docs.databricks.com" in feedback["GENERAL"]
        right = [v.text for v in root.findall(f"{Q21}responseDeclaration/{Q21}correctResponse/{Q21}value")]
        if data["kind"] == "numeric":
            assert float(right[0]) == data["key"]
            assert body.find(f".//{Q21}textEntryInteraction") is not None
            continue
        choices = [(c.get("identifier"), " ".join("".join(c.itertext()).split()))
                   for c in body.findall(f".//{Q21}simpleChoice")]
        check_choices(data, choices, set(right), lambda label: feedback[label])


def test_qti_and_moodle_exports_are_reproducible(tmp_path):
    for args in (["moodle", "-o"], ["qti", "-o"]):
        first, second = tmp_path / "a", tmp_path / "b"
        run("export", *args, str(first), "-n", "5", "--seed", "9")
        run("export", *args, str(second), "-n", "5", "--seed", "9")
        assert first.read_bytes() == second.read_bytes()


def test_a_stem_with_markup_characters_stays_text(tmp_path):
    """Untrusted text is escaped by the XML library: a stem with <, & and quotes reads back as itself."""
    from dataclasses import replace

    from lakedrill.templates.bank import load
    from lakedrill.variants.generate import generate
    from lakedrill.writers import moodle, qti

    template = next(t for t in load() if t.model.kind == "single")
    question = generate(template, 1)
    question = replace(question, stem='A <b>"bold"</b> & `x < y` </text>]]>')
    data, count, _ = moodle.document([question])
    text = etree.fromstring(data).findtext("question[@type='multichoice']/questiontext/text")
    assert count == 1 and 'A <b>"bold"</b> & x < y </text>]]>' in text_of(text)
    package, _, _ = qti.package([question])
    with zipfile.ZipFile(__import__("io").BytesIO(package)) as archive:
        etree.fromstring(archive.read("lakedrill-questions.xml"))


def test_the_readmes_export_commands_run_as_written(tmp_path, monkeypatch):
    """Every `lakedrill export` line of the README's "Print and export" section runs as written."""
    import re
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Print and export", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    lines = [re.sub(r"\s+#.*$", "", line) for line in block.splitlines() if line.startswith("lakedrill export ")]
    lines = [line for line in lines if " anki " not in line]  # genanki's own test is in test_print
    assert any(" moodle " in line for line in lines) and any(" qti " in line for line in lines)
    monkeypatch.chdir(tmp_path)
    for line in lines:
        args = shlex.split(line)[1:]
        run(*args)
        output = args[args.index("-o") + 1]
        assert (tmp_path / output).stat().st_size > 0
