using CorpusLsp.Core.Text;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The sentence around a position is found by jumping between the characters a boundary can follow (issue 19): it must be
/// the sentence a scan asking at every character finds.
/// </summary>
public sealed class SentencesTests
{
    private static TextSpan EveryCharacter(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var start = offset;
        while (start > 0 && !Sentences.IsBoundaryBefore(text, start)) start--;
        var end = Math.Min(offset + 1, text.Length);
        while (end < text.Length && !Sentences.IsBoundaryBefore(text, end)) end++;
        return new TextSpan(start, end);
    }

    [Fact]
    public void The_sentence_around_any_position_is_the_one_a_scan_of_every_character_finds()
    {
        string[] pieces = ["Aleppo", " ", "  ", ".", "!", "?", "\"", "”", "’", "'", ")", "\n", "\r", "\r\n", "U.S.", "Mr.", "Feb.", "A.", "9", "“", "the", "\t"];
        var random = new Random(11);
        var texts = Enumerable.Range(0, 2000).Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => pieces[random.Next(pieces.Length)])))
            .Append("Troops entered Aleppo on Monday. \"It is over,” he said! Mr. Smith left the U.S. on Feb. 3? Yes.\nNext line.\r\nLast");
        var sentences = 0;
        foreach (var text in texts)
            for (var offset = -1; offset <= text.Length + 1; offset++)
            {
                var expected = EveryCharacter(text, offset);
                Assert.Equal(expected, Sentences.Containing(text, offset));
                if (expected.Start > 0) sentences++;
            }
        Assert.True(sentences > 1000, $"{sentences} positions after a boundary");
    }

    [Fact]
    public void Sentences_asked_again_in_any_order_and_between_texts_are_those_a_scan_finds()
    {
        // The sentences found last are kept for the text asked about last: asked in random order, for two texts in turn
        // (one of them an equal copy of the other, not the same string), each answer must be the scan's.
        string[] pieces = ["Aleppo", " ", ".", "!", "?", "\"", "”", "’", ")", "\n", "U.S.", "Mr.", "A.", "9", "the"];
        var random = new Random(23);
        for (var round = 0; round < 500; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            var other = random.Next(2) == 0 ? new string(text.AsSpan()) : string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            for (var n = 0; n < 60; n++)
            {
                var t = random.Next(3) == 0 ? other : text;
                var offset = random.Next(-1, t.Length + 2);
                Assert.Equal(EveryCharacter(t, offset), Sentences.Containing(t, offset));
            }
        }
    }
}
