namespace CorpusLsp.Core.Temporal;

/// <summary>A word, a number (with an ordinal suffix: "21st") or one punctuation character of running text.</summary>
public readonly record struct TimexToken(int Start, int End, string Text)
{
    public bool IsNumber => Text.Length > 0 && char.IsAsciiDigit(Text[0]);
    public bool IsWord => Text.Length > 0 && char.IsLetter(Text[0]);

    /// <summary>The token compared as the lexicon and the rules compare: lower case, typographic apostrophes plain.</summary>
    public string Key { get; } = Text.ToLowerInvariant().Replace('’', '\'');

    /// <summary>Splits <paramref name="text"/>[start..end) into tokens; white space separates, and is no token.</summary>
    public static List<TimexToken> Split(string text, int start, int end)
    {
        var tokens = new List<TimexToken>();
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var j = i + 1;
            if (char.IsLetter(c)) j = WordEnd(text, i, end);
            else if (char.IsAsciiDigit(c))
            {
                while (j < end && char.IsAsciiDigit(text[j])) j++;
                // "21st", "3rd": the suffix belongs to the number; "1990s" too ("s" after digits).
                var k = j;
                while (k < end && char.IsAsciiLetterLower(text[k]) && k - j < 2) k++;
                if (k > j && (k == end || !char.IsLetter(text[k]))) j = k;
            }
            tokens.Add(new TimexToken(i, j, text[i..j]));
            i = j;
        }
        return tokens;
    }

    // Letters only: an apostrophe is a token of its own, so "Tuesday's" starts with the weekday, in the text as in
    // the lexicon's forms ("new year's day").
    private static int WordEnd(string text, int i, int end)
    {
        var j = i + 1;
        while (j < end && char.IsLetter(text[j])) j++;
        return j;
    }
}
