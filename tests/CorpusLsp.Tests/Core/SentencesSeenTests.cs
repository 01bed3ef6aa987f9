using CorpusLsp.Core.Text;

namespace CorpusLsp.Tests.Core;

/// <summary>
/// The sentences kept for the text read last (issue 19) must answer as a fresh search would, in any order of asking,
/// for any position (inside, at the edges, outside the text), and when the texts asked about change.
/// </summary>
public sealed class SentencesSeenTests
{
    [Fact]
    public void A_kept_sentence_is_the_sentence_a_fresh_search_finds()
    {
        string[] pieces = ["Aleppo", " ", ".", "!", "?", "”", ")", "\n", "U.S.", "Mr.", "A.", "9", "“", "the"];
        var random = new Random(5);
        var texts = Enumerable.Range(0, 300).Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(_ => pieces[random.Next(pieces.Length)])))
            .Append("Troops entered Aleppo on Monday. \"It is over,” he said! Mr. Smith left the U.S. on Feb. 3? Yes.\nNext line.\r\nLast").ToList();
        var kept = 0;
        for (var round = 0; round < 3000; round++)
        {
            // Two texts asked about in turn, at random positions: sentences are kept, dropped and asked for again.
            var text = texts[random.Next(texts.Count)];
            for (var k = 0; k < 40; k++)
            {
                var offset = random.Next(-2, text.Length + 3);
                var expected = Sentences.Containing(text, offset);
                Assert.Equal(expected, SentencesSeen.Containing(text, offset));
                if (expected.Length > 1) kept++;
            }
        }
        Assert.True(kept > 10_000, $"{kept} positions inside a sentence longer than one character");
    }
}
