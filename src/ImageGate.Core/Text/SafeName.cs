using System.Text;

namespace ImageGate.Core.Text;

/// <summary>The one file-name sanitiser: untrusted text (an image file's name, a HEPiX list's title or version) made
/// safe as a file name, a path segment and an endorsed-list name. Letters, digits and <c>._+-</c> stay; each run of
/// other characters (separators, spaces, controls, non-ASCII) becomes one <c>-</c>; leading <c>.</c>, <c>-</c>,
/// <c>_</c> and <c>+</c> go (no hidden file, no option-like name, never <c>.</c> or <c>..</c>); at most
/// <see cref="MaxLength"/> characters. The result may be empty when the text has nothing usable.</summary>
public static class SafeName
{
    /// <summary>The longest name returned.</summary>
    public const int MaxLength = 128;

    /// <summary>The safe form of <paramref name="text"/> (trimmed first; null is empty).</summary>
    public static string From(string? text)
    {
        var s = (text ?? "").Trim();
        var b = new StringBuilder(Math.Min(s.Length, MaxLength + 1));
        var replaced = false;
        foreach (var c in s)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-')
            {
                b.Append(c);
                replaced = false;
            }
            else if (!replaced)
            {
                b.Append('-');
                replaced = true;
            }
        }
        var start = 0;
        while (start < b.Length && b[start] is '.' or '-' or '_' or '+') start++;
        var result = b.ToString(start, b.Length - start);
        return result.Length > MaxLength ? result[..MaxLength] : result;
    }
}
