"""The layout of stacked bars, shared by the pathway status and audit grade charts."""

from __future__ import annotations

from web.charts import Segment, stacked_bars


def test_the_longest_bar_fills_the_plot_and_the_others_scale_to_it():
    # plot width: 640 - 200 - 50 = 390
    bars = stacked_bars(
        [("North", [("good", 2), ("inadequate", 1)]), ("South", [("good", 0), ("inadequate", 1)])],
        width=640,
        label_width=200,
        bar_height=22,
        gap=10,
    )
    north, south = bars
    assert north.segments == [
        Segment(x=200, width=260, key="good"),
        Segment(x=460, width=130, key="inadequate"),
    ]
    assert (north.total, north.total_x, north.y, north.text_y) == (3, 596, 0, 16)
    # a part of nothing takes no room
    assert south.segments == [Segment(x=200, width=130, key="inadequate")]
    assert (south.total, south.total_x, south.y) == (1, 336, 32)


def test_a_tiny_part_still_shows_and_empty_rows_draw_nothing():
    bars = stacked_bars(
        [("Big", [("a", 1000)]), ("Small", [("a", 1)]), ("None", [("a", 0)])],
        width=640,
        label_width=200,
        bar_height=22,
        gap=10,
    )
    assert bars[1].segments == [Segment(x=200, width=1, key="a")]
    assert bars[2].segments == []
    assert bars[2].total == 0
    assert stacked_bars([], width=640, label_width=200, bar_height=22, gap=10) == []
