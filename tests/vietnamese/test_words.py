"""Headlines break between words: a word's syllables are held together by no-break spaces."""

from __future__ import annotations

from vietnamese.words import NBSP, keep_words, two_syllable_words


def shown(html) -> str:
    return str(html).replace(NBSP, "·")


def test_common_words_and_names_stay_together():
    title = "Hội Khuyến học tỉnh Sóc Trăng nhận cờ thi đua xuất sắc của Chính phủ"
    assert shown(keep_words(title)) == (
        "Hội Khuyến·học tỉnh Sóc·Trăng nhận cờ thi·đua xuất·sắc của Chính·phủ"
    )


def test_markup_and_punctuation_are_respected():
    html = 'Học sinh, sinh viên <a href="/x">“Dòng họ học tập”</a> ở Thạnh&nbsp;Trị'
    assert shown(keep_words(html)) == (
        'Học·sinh, sinh·viên <a href="/x">“Dòng·họ học·tập”</a> ở Thạnh&nbsp;Trị'
    )


def test_the_first_word_of_a_title_is_not_taken_for_a_name():
    assert shown(keep_words("Hội Khuyến học")) == "Hội Khuyến·học"


def test_the_dictionary_is_two_syllable_words():
    words = two_syllable_words()
    assert len(words) > 20_000
    assert {"xuất sắc", "khuyến học", "học bổng", "sinh viên"} <= words
    assert all(len(word.split()) == 2 for word in words)
