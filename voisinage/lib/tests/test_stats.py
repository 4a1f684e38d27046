from voisinage.lib.stats import percentile


def test_nearest_rank_percentiles_rounded_to_a_tenth():
    assert percentile([], 50) is None
    assert percentile([3.0], 90) == 3.0
    assert percentile([40.0, 10.0, 20.0], 50) == 20.0  # unsorted input
    assert percentile([10.0, 20.0, 40.0], 90) == 40.0
    assert percentile([9.541666, 2.0], 90) == 9.5
