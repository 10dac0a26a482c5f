namespace ImageGate.Testing;

/// <summary>Reads a <c>$GITHUB_OUTPUT</c> file the way the Actions runner does (<c>NAME=VALUE</c> lines and
/// <c>NAME&lt;&lt;DELIMITER</c> blocks); a later value of a name wins.</summary>
public static class GitHubOutputs
{
    /// <summary>The outputs in <paramref name="path"/>.</summary>
    public static Dictionary<string, string> Read(string path)
    {
        var result = new Dictionary<string, string>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var heredoc = lines[i].IndexOf("<<", StringComparison.Ordinal);
            var eq = lines[i].IndexOf('=', StringComparison.Ordinal);
            if (heredoc > 0 && (eq < 0 || heredoc < eq))
            {
                var name = lines[i][..heredoc];
                var delimiter = lines[i][(heredoc + 2)..];
                var value = new List<string>();
                for (i++; i < lines.Length && lines[i] != delimiter; i++) value.Add(lines[i]);
                if (i >= lines.Length) throw new InvalidOperationException($"{path}: output {name} has no closing delimiter");
                result[name] = string.Join('\n', value);
            }
            else if (eq > 0)
            {
                result[lines[i][..eq]] = lines[i][(eq + 1)..];
            }
        }
        return result;
    }
}
