namespace ImageGate.Endorsement.Endorsing;

/// <summary>Makes untrusted text safe inside a markdown table cell or line: no HTML, no table breaks, no @-mentions.</summary>
internal static partial class Markdown
{
    public static string Cell(string? text, int max = 300)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var s = text.Length > max ? text[..max] + "…" : text;
        s = s.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal)
            ;
        return Mention().Replace(s, "$1@\u200b");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(^|[\s(\[])@")]
    private static partial System.Text.RegularExpressions.Regex Mention();

    public static string Code(string? text) => string.IsNullOrEmpty(text) ? "" : $"`{Cell(text)}`";

    public static string Size(long bytes) => bytes >= 1 << 20
        ? $"{bytes} bytes ({bytes / 1048576.0:0.0} MiB)".Replace(',', '.')
        : $"{bytes} bytes";
}
