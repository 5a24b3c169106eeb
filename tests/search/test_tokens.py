import re

from hypothesis import given
from hypothesis import strategies as st

from articles.search.tokens import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    MAX_WORD_LENGTH,
    UNSPACED,
    document_tokens,
    normalize,
    parse_query,
    triple_tokens,
)

CHINESE_RUN = re.compile(rf"[{UNSPACED}]+")


def terms(raw):
    return [term.text for term in parse_query(raw).terms]


class TestDocumentTokens:
    def test_chinese_runs_become_pairs_and_their_last_character(self):
        assert document_tokens("营商环境") == ["营商", "商环", "环境", "境"]

    def test_a_single_character_run_is_one_token(self):
        assert document_tokens("市") == ["市"]

    def test_letters_and_digits_are_words_between_chinese_runs(self):
        assert document_tokens("解读2023年5g网络") == [
            "解读",
            "读",
            "2023",
            "年",
            "5g",
            "网络",
            "络",
        ]

    def test_punctuation_and_spaces_end_a_run(self):
        assert document_tokens("巡察，植树 cbd") == [
            "巡察",
            "察",
            "植树",
            "树",
            "cbd",
        ]

    def test_ling_counts_as_chinese_in_dates(self):
        assert document_tokens(normalize("二〇二三年")) == [
            "二〇",
            "〇二",
            "二三",
            "三年",
            "年",
        ]

    def test_long_words_are_cut_into_pieces(self):
        word = "a" * (MAX_WORD_LENGTH * 2 + 5)
        assert document_tokens(word) == ["a" * MAX_WORD_LENGTH] * 2 + ["a" * 5]
        assert document_tokens("a" * MAX_WORD_LENGTH) == ["a" * MAX_WORD_LENGTH]


class TestTripleTokens:
    def test_each_character_of_a_run_starts_a_token_of_up_to_three(self):
        assert triple_tokens("营商环境，巡察2023年") == [
            "营商环",
            "商环境",
            "环境",
            "境",
            "巡察",
            "察",
            "2023",
            "年",
        ]


class TestNormalize:
    def test_full_width_and_capitals_fold(self):
        assert normalize("ＣＢＤ２０２３年") == "cbd2023年"


class TestParseQuery:
    def test_spaces_separate_terms(self):
        assert terms("巡察  植树\u3000营商环境") == ["巡察", "植树", "营商环境"]

    def test_chinese_punctuation_and_emoji_separate_terms(self):
        assert terms("巡察，植树、营商环境🎉网格化") == [
            "巡察",
            "植树",
            "营商环境",
            "网格化",
        ]

    def test_ascii_punctuation_inside_a_term_is_kept(self):
        assert terms("3.5亿元 covid-19") == ["3.5亿元", "covid-19"]

    def test_punctuation_around_a_term_is_dropped(self):
        assert terms('"营商环境" (CBD) NEAR(巡察*') == ["营商环境", "cbd", "near(巡察"]

    def test_repeated_terms_count_once(self):
        assert terms("巡察 巡察 ＣＢＤ cbd") == ["巡察", "cbd"]

    def test_a_single_chinese_character_is_a_prefix(self):
        (term,) = parse_query("巡").terms
        assert term.pieces == (("巡", True),)

    def test_two_or_more_characters_are_a_phrase_of_pairs(self):
        (term,) = parse_query("营商环境").terms
        assert term.pieces == (("营商", False), ("商环", False), ("环境", False))

    def test_long_runs_have_triple_pieces_for_an_index_without_positions(self):
        (term,) = parse_query("营商环境").terms
        assert term.triple_pieces == (("营商环", False), ("商环境", False))
        (term,) = parse_query("网格化").terms
        assert term.triple_pieces == (("网格化", False),)

    def test_short_runs_are_prefixes_of_triples(self):
        assert parse_query("巡察").terms[0].triple_pieces == (("巡察", True),)
        assert parse_query("巡").terms[0].triple_pieces == (("巡", True),)

    def test_a_run_before_a_word_ends_with_its_last_pair(self):
        (term,) = parse_query("网格化2023年").terms
        assert term.triple_pieces == (
            ("网格化", False),
            ("格化", False),
            ("2023", False),
            ("年", True),
        )
        (term,) = parse_query("第5g").terms
        assert term.triple_pieces == (("第", False), ("5g", False))

    def test_a_chinese_run_before_a_word_ends_there(self):
        (term,) = parse_query("解读2023年").terms
        assert term.pieces == (
            ("解读", False),
            ("读", False),
            ("2023", False),
            ("年", True),
        )
        assert term.runs == 3

    def test_queries_without_letters_digits_or_chinese_have_no_terms(self):
        for raw in ["", "   ", "，。！？", "🎉🎉", '"*^:()"', "\x00\x01", "\ufffd"]:
            query = parse_query(raw)
            assert not query
            assert query.terms == ()

    def test_control_characters_never_reach_a_term(self):
        assert terms("巡\x00察") == ["巡", "察"]

    def test_a_query_at_the_length_limit_is_kept_whole(self):
        raw = "巡" * MAX_QUERY_LENGTH
        query = parse_query(raw)
        assert not query.cut
        assert query.text == raw

    def test_a_longer_query_is_cut_to_the_limit(self):
        query = parse_query("巡" * (MAX_QUERY_LENGTH + 1))
        assert query.cut
        assert query.text == "巡" * MAX_QUERY_LENGTH
        assert query.terms[0].text == "巡" * MAX_QUERY_LENGTH

    def test_terms_past_the_limit_are_dropped_and_counted(self):
        words = [f"词{n}" for n in range(MAX_TERMS + 2)]
        assert parse_query(" ".join(words[:MAX_TERMS])).dropped_terms == 0
        query = parse_query(" ".join(words))
        assert len(query.terms) == MAX_TERMS
        assert query.dropped_terms == 2


chinese = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E20)
copy = st.text(
    alphabet=st.one_of(chinese, st.sampled_from("ab09 ，。、“”年5GgCBD")),
    min_size=1,
    max_size=60,
)


def draw_chinese_substring_term(text, data):
    """Return the query term of a Chinese substring of ``text``, or None."""
    runs = CHINESE_RUN.findall(text)
    if not runs:
        return None
    run = data.draw(st.sampled_from(runs))
    start = data.draw(st.integers(0, len(run) - 1))
    end = data.draw(st.integers(start + 1, len(run)))
    (term,) = parse_query(run[start:end]).terms
    return term


@given(copy, st.data())
def test_every_chinese_substring_is_a_run_of_consecutive_tokens(text, data):
    """The index property behind 100% recall, over any text."""
    text = normalize(text)
    term = draw_chinese_substring_term(text, data)
    if term is None:
        return
    tokens = document_tokens(text)
    width = len(term.pieces)
    assert any(
        all(
            token.startswith(piece) if prefix else token == piece
            for token, (piece, prefix) in zip(
                tokens[i : i + width], term.pieces, strict=True
            )
        )
        for i in range(len(tokens) - width + 1)
    )


@given(copy, st.data())
def test_every_chinese_substring_has_all_its_triple_pieces_indexed(text, data):
    """The same for PostgreSQL, whose vectors are sets of ``triple_tokens()``."""
    text = normalize(text)
    term = draw_chinese_substring_term(text, data)
    if term is None:
        return
    tokens = set(triple_tokens(text))
    for piece, prefix in term.triple_pieces:
        if prefix:
            assert any(token.startswith(piece) for token in tokens)
        else:
            assert piece in tokens


@given(st.text(max_size=300))
def test_any_input_parses_to_safe_terms(raw):
    query = parse_query(raw)
    assert len(query.text) <= MAX_QUERY_LENGTH
    assert len(query.terms) <= MAX_TERMS
    for term in query.terms:
        assert term.pieces
        for token, _ in term.pieces + term.triple_pieces:
            # Nothing that FTS5 or tsquery syntax could read as an operator.
            assert token.isalnum() or CHINESE_RUN.fullmatch(token)
            assert not set(token) & set("\"'\\*:&|!()<> ")
