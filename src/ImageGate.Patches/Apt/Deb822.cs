using System.Text;
using ImageGate.Core.Errors;

namespace ImageGate.Patches.Apt;

/// <summary>RFC-822-style control paragraphs (deb822): fields, continuation lines (a lone <c>.</c> is an empty line), comments.</summary>
internal static class Deb822
{
    public static List<Dictionary<string, string>> Parse(string text, string file)
    {
        var result = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        string? last = null;
        // The value of the field being read: its continuation lines are appended here and the whole value stored
        // when the field ends (appending to the stored string made a Release file's long SHA256 list quadratic).
        var value = new StringBuilder();
        void Store()
        {
            if (current is not null && last is not null) current[last] = value.ToString();
        }
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#')) continue;
            if (line.Trim().Length == 0)
            {
                Store();
                current = null;
                last = null;
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (current is null || last is null) throw new BadInputException($"line {lineNo}: continuation line outside a field", file);
                var cont = line.Trim();
                value.Append('\n').Append(cont == "." ? "" : cont);
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new BadInputException($"line {lineNo}: expected 'Field: value'", file);
            Store();
            if (current is null)
            {
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                result.Add(current);
            }
            last = line[..colon].Trim();
            value.Clear().Append(line.AsSpan(colon + 1).Trim());
            current[last] = "";
        }
        Store();
        return result;
    }
}
