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
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#')) continue;
            if (line.Trim().Length == 0)
            {
                current = null;
                last = null;
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (current is null || last is null) throw new BadInputException($"line {lineNo}: continuation line outside a field", file);
                var cont = line.Trim();
                current[last] += "\n" + (cont == "." ? "" : cont);
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new BadInputException($"line {lineNo}: expected 'Field: value'", file);
            if (current is null)
            {
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                result.Add(current);
            }
            last = line[..colon].Trim();
            current[last] = line[(colon + 1)..].Trim();
        }
        return result;
    }
}
