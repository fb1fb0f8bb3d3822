import pytest

from eval.claims_corpus.agreement import cohen_kappa, flag, merge_gold
from eval.claims_corpus.split import split_sentences


@pytest.mark.parametrize("text,lang,expected", [
    ("The U.S. Army said so. They left.", "en", ["The U.S. Army said so.", "They left."]),
    ("Sen. John Smith and Gen. Jones met Dr. Who on Dec. 5. They left.", "en",
     ["Sen. John Smith and Gen. Jones met Dr. Who on Dec. 5.", "They left."]),
    ("Mr. Smith met J. K. Rowling. It rained.", "en", ["Mr. Smith met J. K. Rowling.", "It rained."]),
    ("Sales rose 3.5 percent in Sept. 2019. Prices fell.", "en", ["Sales rose 3.5 percent in Sept. 2019.", "Prices fell."]),
    ("He moved to the U.S. The job was new.", "en", ["He moved to the U.S.", "The job was new."]),
    ('"Why?" she asked. He left.', "en", ['"Why?" she asked.', "He left."]),
    ("Das ist z. B. gut. Am 3. Oktober kam Dr. Müller. Er blieb.", "de",
     ["Das ist z. B. gut.", "Am 3. Oktober kam Dr. Müller.", "Er blieb."]),
])
def test_splitter(text, lang, expected):
    assert split_sentences(text, lang) == expected


def test_kappa_by_hand():
    # 10 items, A: 6 F / 4 -, B: 5 F / 5 -, agree on 4 F and 3 -  -> po = 0.7
    # pe = (6*5 + 4*5) / 100 = 0.5, kappa = (0.7 - 0.5) / 0.5 = 0.4
    a = list("FFFFFF----")
    b = list("FFFF--F---")
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(list("NN"), list("NN")) is None


def test_kappa_four_labels_and_flag():
    a = ["N", "V", "U", "O"]
    b = ["N", "U", "V", "O"]
    # 4 labels: po = 0.5, pe = 4 * (1/4 * 1/4) = 0.25 -> kappa = 1/3; flag: perfect agreement
    assert cohen_kappa(a, b) == pytest.approx(1 / 3)
    assert cohen_kappa([flag(x) for x in a], [flag(x) for x in b]) == pytest.approx(1.0)


def test_merge_gold():
    gold = merge_gold({"c1.p01.s01": "N", "c1.p01.s02": "O"}, {"c1.p01.s03": "U", "c1.p01.s02": "V"})
    assert gold == {"c1.p01.s01": ("N", "agreed"), "c1.p01.s02": ("V", "adjudicated"), "c1.p01.s03": ("U", "adjudicated")}


def test_the_test_split_is_not_scored_by_accident() -> None:
    from eval.claims_corpus.score import main

    assert main(["--split", "test"]) == 2
