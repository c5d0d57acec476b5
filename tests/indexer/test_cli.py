"""`condsearch index` and `condsearch analyze`, run as a user runs them."""
import json
import os
import subprocess
import sys

from click.testing import CliRunner

from corpus.cli import cli


def test_index_builds_then_says_nothing_to_do(tmp_path, pages_file):
    runner = CliRunner()
    first = runner.invoke(cli, ["index", "--corpus", str(pages_file), "--index", str(tmp_path / "ix")])
    assert first.exit_code == 0 and "Indexed 15 pages" in first.output and "no index yet" in first.output
    second = runner.invoke(cli, ["index", "--corpus", str(pages_file), "--index", str(tmp_path / "ix")])
    assert second.exit_code == 0 and "Nothing to do" in second.output


def test_index_with_an_obo_root_keeps_that_subtree(tmp_path):
    obo = tmp_path / "mini.obo"
    obo.write_text("format-version: 1.2\n\n[Term]\nid: X:1\nname: cancer\n\n[Term]\nid: X:2\nname: lung cancer\n"
                   "is_a: X:1 ! cancer\n\n[Term]\nid: X:3\nname: anemia\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", "--corpus", str(obo), "--obo-root", "X:1",
                                      "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0 and "Indexed 2 pages" in result.output


def test_analyze_shows_why_two_spellings_meet():
    result = CliRunner().invoke(cli, ["analyze", "leukaemia", "Leukemia"])
    assert result.exit_code == 0
    assert result.output.count("-> leukem") == 2


def test_analyze_json_prints_one_object_per_text():
    result = CliRunner().invoke(cli, ["analyze", "--json", "Waldenström", "colo rectal"])
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["text"] for line in lines] == ["Waldenström", "colo rectal"]
    assert lines[0]["tokens"][0]["term"] == "waldenstrom"
    assert "waldenstrem" in lines[0]["tokens"][0]["alternates"]
    assert any(token["span"] == 2 and token["term"] == "colorect" for token in lines[1]["tokens"])


def test_a_corpus_path_that_does_not_exist_is_a_usage_error_naming_it(tmp_path):
    missing = tmp_path / "no-such-pages"
    result = CliRunner().invoke(cli, ["index", "--corpus", str(missing), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 2 and f"'{missing}' does not exist" in result.output
    assert not (tmp_path / "ix").exists()


def test_index_help_shows_the_real_default_folder(tmp_path):
    """The folder as it is for this user (XDG_DATA_HOME on Linux), not a description of it."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    shown = subprocess.run([sys.executable, "-c", "from corpus.cli import main; main()", "index", "--help"],
                           capture_output=True, text=True, env=env, check=True).stdout
    # Without white space: the help wraps a long folder name over lines.
    assert str(tmp_path / "data" / "condsearch" / "index") in "".join(shown.split())


def test_analyze_shows_the_parts_of_a_compound_and_the_site_and_kind_it_names():
    result = CliRunner().invoke(cli, ["analyze", "--lang", "de", "Nierenzelltumoren"])
    assert result.exit_code == 0
    assert "parts: niere" in result.output and "zell · tumoren" in result.output
    assert "site 'kidney'" in result.output and "kind 'tumor'" in result.output


def test_analyze_json_gives_the_parts_of_each_word():
    result = CliRunner().invoke(cli, ["analyze", "--json", "hersengezwellen"])
    line = json.loads(result.output)
    assert line["tokens"][0]["parts"] == ["hersen", "gezwel"]
    assert [item["key"] for item in line["lexicon"]] == ["brain", "tumor"]
