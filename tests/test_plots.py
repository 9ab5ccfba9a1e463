"""Plots: what each chart shows on the real graph and on the toy graph, the files they write, the CLI."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from gcmkg.cli import main
from gcmkg.graph import plots
from gcmkg.errors import ExportError
from gcmkg.errors import UnknownNodeError

pytest_plugins = ["tests.conftest_api"]


def heatmap_values(figure: Figure) -> list[list[float]]:
    return figure.axes[0].images[0].get_array().tolist()


def tick_labels(axes, axis: str) -> list[str]:
    return [t.get_text() for t in getattr(axes, f"get_{axis}ticklabels")()]


def test_coverage_rows_are_the_23_objectives_with_their_titles(kg):
    figure = kg.plot("coverage")
    rows = tick_labels(figure.axes[0], "y")
    assert len(rows) == 23
    assert rows[0].startswith(" 1  Collect and utilize") and rows[19].startswith("20  Promote faster")


def test_coverage_columns_are_the_declaration_sections_in_order(kg):
    columns = tick_labels(kg.plot("coverage").axes[0], "x")
    flat = [c.replace("\n", " ") for c in columns]
    assert flat[0] == "Preamble" and "Round table 1" in flat and flat.index("Round table 1") < flat.index("Round table 4")


def test_coverage_counts_the_commitments_that_advance_each_objective(kg):
    figure = kg.plot("coverage")
    assert figure._suptitle.get_text() == "Commitments of the declaration advancing each GCM objective, by section"
    pairs = kg.sparql("""PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        SELECT DISTINCT ?p ?o ?s WHERE { ?p a gcmkg:Commitment ; gcmkg:advances ?o ; gcmkg:inSection ?s .
                                         ?o a gcmkg:Objective }""")
    assert sum(map(sum, heatmap_values(figure))) == len(pairs) > 0


def test_coverage_outlines_the_round_table_of_each_objective(kg):
    axes = kg.plot("coverage").axes[0]
    outlines = [p for p in axes.patches if not p.get_fill()]
    assert len(outlines) == 23  # each objective reviewed by exactly one round table
    columns = [c.replace("\n", " ") for c in tick_labels(axes, "x")]
    objective_20 = [p for p in outlines if round(p.get_y() + 0.42) == 19]
    assert [round(p.get_x() + 0.46) for p in objective_20] == [columns.index("Round table 3")]


def test_coverage_without_alignments_falls_back_to_round_tables_and_says_so(toy_without_alignments):
    figure = toy_without_alignments.plot("coverage")
    assert "Round-table coverage" in figure._suptitle.get_text() and "no 'advances' links" in figure._suptitle.get_text()
    rows = tick_labels(figure.axes[0], "y")
    values = heatmap_values(figure)
    assert values[rows.index("20  Promote faster, safer and cheaper transfer of…")] == [1, 0]
    assert sum(map(sum, values)) == 1


def test_coverage_counts_commitments_on_the_toy_graph(toy):
    figure = toy.plot("coverage")
    assert figure._suptitle.get_text().startswith("Commitments of the declaration advancing")
    columns = [c.replace("\n", " ") for c in tick_labels(figure.axes[0], "x")]
    assert columns == ["Round table 3", "Recommendations"]
    rows = tick_labels(figure.axes[0], "y")
    values = heatmap_values(figure)
    assert values[rows.index(" 2  Minimize the adverse drivers and structural factors")] == [0, 1]
    assert values[rows.index("20  Promote faster, safer and cheaper transfer of…")] == [0, 1]


def test_alignment_panels_per_framework_bars_coloured_by_basis(toy):
    figure = toy.plot("alignment")
    panels = [a for a in figure.axes if a.get_title()]
    assert [p.get_title() for p in panels] == ["2030 Agenda", "Paris Agreement"]
    agenda = panels[0]
    colours = {tuple(round(c, 3) for c in bar.get_facecolor()[:3]) for bar in agenda.patches if bar.get_width()}
    assert len(colours) == 1  # objective 20 -> 10.c counted once, under its strongest basis (crosswalk)
    assert sum(bar.get_width() for bar in agenda.patches) == 1
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["mention", "crosswalk"]


def test_alignment_without_alignments_says_so(toy_without_alignments):
    figure = toy_without_alignments.plot("alignment")
    assert figure.axes[0].texts[0].get_text().startswith("No alignment of a GCM objective")


def test_alignment_on_the_real_graph_shows_the_four_frameworks(aligned):
    titles = [a.get_title() for a in aligned.plot("alignment").axes if a.get_title()]
    assert titles == ["2030 Agenda", "Addis Ababa Action\nAgenda", "Paris Agreement", "Sendai Framework"]


def test_network_draws_the_node_and_its_neighbours(kg):
    figure = kg.plot("network", node="objective 20")
    axes = figure.axes[0]
    assert axes.get_title().startswith("Objective 20 (Objective) and its neighbours")
    words = [t.get_text() for t in axes.texts]
    assert "Objective 20" in words and any(w.startswith("Round table 3") for w in words)
    links = words + [t.get_text() for legend in figure.legends for t in legend.get_texts()]  # on arrows, or by colour
    assert any("coversObjective" in w for w in links) and "advances" in links


def test_a_crowded_network_names_its_links_in_a_legend_and_says_what_it_leaves_out(kg):
    figure = kg.plot("network", node="declaration")  # every paragraph and section is in the document
    legend = [t.get_text() for legend in figure.legends for t in legend.get_texts()]
    assert any("inDocument" in entry for entry in legend)
    assert not [t for t in figure.axes[0].texts if "inDocument" in t.get_text()]
    assert re.search(r"and its neighbours; \d+ more not shown$", figure.axes[0].get_title())


def test_network_of_an_unknown_node_suggests_names(kg):
    with pytest.raises(UnknownNodeError, match="objective 2"):
        kg.plot("network", node="objective 24")


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_save_writes_the_format_of_the_suffix(toy, tmp_path, suffix, magic):
    path = plots.save(toy.plot("coverage"), tmp_path / f"coverage{suffix}")
    assert path.read_bytes().startswith(magic)


def test_save_refuses_an_unknown_image_format(toy, tmp_path):
    with pytest.raises(ExportError, match="use .png, .svg or .pdf"):
        plots.save(toy.plot("coverage"), tmp_path / "coverage.bmp")


def test_cli_plot_writes_the_image(built_store_path, tmp_path):
    result = CliRunner().invoke(main, ["plot", "network", "--node", "SDG 10.7", "-o", str(tmp_path / "n.svg"),
                                       "--store", str(built_store_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "n.svg").read_bytes().startswith(b"<?xml") and "wrote" in result.output


def test_cli_network_plot_without_a_node_is_a_usage_error(built_store_path, tmp_path):
    result = CliRunner().invoke(main, ["plot", "network", "-o", str(tmp_path / "n.png"), "--store", str(built_store_path)])
    assert result.exit_code == 2 and "needs --node" in result.output
    assert not (tmp_path / "n.png").exists()
