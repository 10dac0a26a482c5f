using System.Globalization;
using System.Text;

namespace ImageGate.Core.Text;

/// <summary>The one place untrusted text (image and file names, OS names, messages, versions, list and PR fields) is made
/// safe for GitHub Markdown: pull-request bodies, job summaries and reports. A cell stays one cell on one line, and shows
/// its text as text: no HTML, no link, image or autolink, no @-mention or issue reference, no emphasis, heading or list.</summary>
public static class Markdown
{
    /// <summary>Zero-width space: breaks what GitHub would turn into a mention, reference or link, and shows nothing.</summary>
    private const char Breaker = '\u200B';

    /// <summary>Plain text for a table cell or inside a line; at most <paramref name="max"/> characters of it (then "…").</summary>
    public static string Cell(string? text, int max = 300)
    {
        var s = Clean(text, max).Trim();
        if (s.Length == 0) return "";
        var b = new StringBuilder(s.Length + 16);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '&': b.Append("&amp;"); break;
                case '<': b.Append("&lt;"); break; // HTML tags and <autolinks>
                case '>': b.Append("&gt;"); break;
                case '$': b.Append("&#36;"); break; // $math$
                // Links, images, reference links and footnotes need brackets; emphasis, code and tables their marks.
                case '\\' or '`' or '*' or '_' or '~' or '[' or ']' or '|':
                    b.Append('\\').Append(c);
                    break;
                case '@': b.Append('@').Append(Breaker); break; // @user, @org/team, user@example.org
                case '#':
                    if (i == 0) b.Append('\\'); // a heading when the cell starts a line
                    b.Append('#');
                    if (i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])) b.Append(Breaker); // #123, owner/repo#123
                    break;
                case ':' when At(s, i + 1, "//"):
                    b.Append(':').Append(Breaker); // bare http://, https://, ftp:// … autolinks
                    break;
                case 'w' or 'W' when At(s, i, "www.") && (i == 0 || !char.IsAsciiLetterOrDigit(s[i - 1])):
                    b.Append(s, i, 3).Append(Breaker); // www.example.org autolinks
                    i += 2;
                    break;
                case '-' or '+' or '=' when i == 0 && (s.Length == 1 || !char.IsLetterOrDigit(s[1])):
                    b.Append('\\').Append(c); // a list item, a rule or a setext underline when the cell starts a line
                    break;
                default:
                    b.Append(c);
                    break;
            }
        }
        var result = b.ToString();
        // "1. x" or "1) x" starts an ordered list when the cell starts a line ("1.1" does not).
        var digits = 0;
        while (digits < result.Length && char.IsAsciiDigit(result[digits])) digits++;
        return digits > 0 && digits < result.Length && result[digits] is '.' or ')' && (digits + 1 == result.Length || result[digits + 1] == ' ')
            ? result.Insert(digits, "\\")
            : result;
    }

    /// <summary>Text as an inline code span (backticks included; "" for no text): shown exactly, nothing in it is
    /// rendered or linked; a '|' is escaped for tables, line breaks become spaces.</summary>
    public static string Code(string? text, int max = 300)
    {
        var s = Clean(text, max).Replace("|", "\\|", StringComparison.Ordinal);
        if (s.Trim().Length == 0) return "";
        var longest = 0;
        for (int i = 0, run = 0; i < s.Length; i++)
        {
            run = s[i] == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', longest + 1);
        var pad = s[0] == '`' || s[^1] == '`' || (s[0] == ' ' && s[^1] == ' ') ? " " : "";
        return fence + pad + s + pad + fence;
    }

    /// <summary><c>1234 bytes</c>, or <c>N bytes (X.Y MiB)</c> from one MiB on.</summary>
    public static string Size(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes ({bytes / 1048576.0:0.0} MiB)")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    /// <summary>At most <paramref name="max"/> characters (then "…"), every line break (LF, CR, CR LF, NEL, U+2028/9)
    /// and control character a space, bidirectional overrides dropped.</summary>
    private static string Clean(string? text, int max)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var cut = text.Length > max;
        var length = cut ? max : text.Length;
        if (cut && length > 0 && char.IsHighSurrogate(text[length - 1])) length--;
        var b = new StringBuilder(length + 1);
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) || c is '\u2028' or '\u2029') b.Append(' ');
            else if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F') continue;
            else b.Append(c);
        }
        if (cut) b.Append('…');
        return b.ToString();
    }

    private static bool At(string s, int index, string what) =>
        index >= 0 && index + what.Length <= s.Length && string.Compare(s, index, what, 0, what.Length, StringComparison.OrdinalIgnoreCase) == 0;
}
