using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CorpusLsp.Core.Text;

/// <summary>
/// What each UTF-16 unit is to the article's word scans, read from a table of every unit (64 KB, made once): anchoring's
/// words (letters, digits, non-spacing marks) and the drift check's (a letter, then letters, marks, apostrophes and
/// hyphens). Asked per character by Unicode category, a scan held a call in its loop, and the compiler kept the loop's
/// offset in memory for it: a store and a load for every character of every article (issue 19).
/// </summary>
internal static class WordChars
{
    /// <summary>A letter or digit (<see cref="char.IsLetterOrDigit(char)"/>) or a non-spacing mark: what anchoring's words are made of.</summary>
    public const byte Word = 1;

    /// <summary>A letter (<see cref="char.IsLetter(char)"/>): what the drift check's words start with.</summary>
    public const byte Letter = 2;

    /// <summary>A letter, a non-spacing mark, an apostrophe (' or ’) or a hyphen: what continues the drift check's words.</summary>
    public const byte Tail = 4;

    /// <summary>An uppercase letter (<see cref="char.IsUpper(char)"/>).</summary>
    public const byte Upper = 8;

    private static readonly byte[] Table = Made();

    /// <summary>The classes of every unit, by unit: read in place of <see cref="Of"/> where a loop reads many.</summary>
    public static ref byte Classes => ref MemoryMarshal.GetArrayDataReference(Table);

    /// <summary>The classes of <paramref name="c"/> in <paramref name="classes"/> (<see cref="Classes"/>): a char is always inside the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Of(ref byte classes, char c) => Unsafe.Add(ref classes, c);

    /// <summary>The classes of <paramref name="c"/>.</summary>
    public static byte Of(char c) => Table[c];

    private static byte[] Made()
    {
        var table = new byte[0x10000];
        for (var u = 0; u < table.Length; u++)
        {
            var c = (char)u;
            var mark = CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;
            var letter = char.IsLetter(c);
            table[u] = (byte)((char.IsLetterOrDigit(c) || mark ? Word : 0) | (letter ? Letter : 0)
                | (letter || mark || c is '\'' or '’' or '-' ? Tail : 0) | (char.IsUpper(c) ? Upper : 0));
        }
        return table;
    }
}
