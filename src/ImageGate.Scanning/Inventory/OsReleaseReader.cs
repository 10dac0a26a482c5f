using ImageGate.Core.Packages;
using ImageGate.FileTrees;

namespace ImageGate.Scanning.Inventory;

/// <summary>Reads <c>/etc/os-release</c> (or <c>/usr/lib/os-release</c>) inside an image.</summary>
public static class OsReleaseReader
{
    /// <summary>The image's OS, or null when neither file exists or it has no ID.</summary>
    public static OsRelease? Read(IFileSystem fs)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var text = FileTree.ReadText(fs, "/etc/os-release") ?? FileTree.ReadText(fs, "/usr/lib/os-release");
        return text is null ? null : Parse(text);
    }

    /// <summary>Parses os-release text (shell-style KEY=value, quotes and escapes).</summary>
    public static OsRelease? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0) continue;
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
            {
                value = value[1..^1];
                if (line[eq + 1] == '"')
                    value = value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\$", "$", StringComparison.Ordinal)
                        .Replace("\\`", "`", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }
            values[line[..eq]] = value;
        }
        if (!values.TryGetValue("ID", out var id) || id.Length == 0) return null;
        return new OsRelease(id, values.GetValueOrDefault("VERSION_ID"), values.GetValueOrDefault("PRETTY_NAME"))
        {
            VersionCodename = values.GetValueOrDefault("VERSION_CODENAME"),
            IdLike = values.TryGetValue("ID_LIKE", out var like) ? like.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [],
        };
    }
}
