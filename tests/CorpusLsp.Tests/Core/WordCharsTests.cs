using System.Globalization;
using CorpusLsp.Core.Text;

namespace CorpusLsp.Tests.Core;

/// <summary>The word scans read each character's classes from a table (issue 19): for every UTF-16 unit, what the Unicode categories say.</summary>
public sealed class WordCharsTests
{
    [Fact]
    public void Every_units_classes_are_its_unicode_categories()
    {
        for (var u = 0; u <= char.MaxValue; u++)
        {
            var c = (char)u;
            var mark = char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;
            var classes = WordChars.Of(c);
            Assert.True(((classes & WordChars.Word) != 0) == (char.IsLetterOrDigit(c) || mark), $"U+{u:X4} word");
            Assert.True(((classes & WordChars.Letter) != 0) == char.IsLetter(c), $"U+{u:X4} letter");
            Assert.True(((classes & WordChars.Tail) != 0) == (char.IsLetter(c) || mark || c is '\'' or '’' or '-'), $"U+{u:X4} tail");
            Assert.True(((classes & WordChars.Upper) != 0) == char.IsUpper(c), $"U+{u:X4} upper");
        }
        Assert.Equal(WordChars.Word | WordChars.Letter | WordChars.Tail | WordChars.Upper, WordChars.Of('É'));
        Assert.Equal(WordChars.Word, WordChars.Of('7'));
        Assert.Equal(WordChars.Tail, WordChars.Of('’'));
        Assert.Equal(WordChars.Word | WordChars.Tail, WordChars.Of('\u0301'));
    }
}
