using System.Globalization;
using System.Text;

namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>A section of LVM2's text metadata format: <c>name = value</c> settings and nested <c>name { … }</c> sections.
/// Values are <see cref="string"/>, <see cref="long"/> or a list of those.</summary>
internal sealed class LvmConfigSection
{
    private const int MaxDepth = 32;

    public Dictionary<string, object> Values { get; } = new(StringComparer.Ordinal);

    public List<KeyValuePair<string, LvmConfigSection>> Sections { get; } = [];

    public LvmConfigSection? Section(string name) => Sections.FirstOrDefault(s => s.Key == name).Value;

    public string? String(string name) => Values.TryGetValue(name, out var v) ? v as string : null;

    public long? Number(string name) => Values.TryGetValue(name, out var v) && v is long l ? l : null;

    public IReadOnlyList<object>? List(string name) => Values.TryGetValue(name, out var v) ? v as List<object> : null;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> describing the first problem.</summary>
    public static LvmConfigSection Parse(string text)
    {
        var p = new Parser(text);
        var root = new LvmConfigSection();
        p.ParseBody(root, 0, topLevel: true);
        return root;
    }

    private sealed class Parser(string text)
    {
        private int pos;

        public void ParseBody(LvmConfigSection section, int depth, bool topLevel)
        {
            if (depth > MaxDepth)
                throw new FormatException("sections nested too deeply");
            while (true)
            {
                SkipSpace();
                if (pos >= text.Length)
                {
                    if (!topLevel) throw new FormatException("unexpected end of metadata inside a section");
                    return;
                }
                if (text[pos] == '}')
                {
                    if (topLevel) throw new FormatException($"unbalanced '}}' at offset {pos}");
                    pos++;
                    return;
                }
                var name = Identifier();
                SkipSpace();
                if (pos < text.Length && text[pos] == '{')
                {
                    pos++;
                    var child = new LvmConfigSection();
                    ParseBody(child, depth + 1, topLevel: false);
                    section.Sections.Add(new(name, child));
                }
                else if (pos < text.Length && text[pos] == '=')
                {
                    pos++;
                    section.Values[name] = Value(depth);
                }
                else
                {
                    throw new FormatException($"expected '=' or '{{' after '{name}' at offset {pos}");
                }
            }
        }

        private object Value(int depth)
        {
            SkipSpace();
            if (pos >= text.Length) throw new FormatException("missing value at end of metadata");
            var c = text[pos];
            if (c == '"') return QuotedString();
            if (c == '[')
            {
                if (depth > MaxDepth) throw new FormatException("arrays nested too deeply");
                pos++;
                var list = new List<object>();
                while (true)
                {
                    SkipSpace();
                    if (pos >= text.Length) throw new FormatException("unterminated array");
                    if (text[pos] == ']') { pos++; return list; }
                    if (list.Count > 0)
                    {
                        if (text[pos] != ',') throw new FormatException($"expected ',' in array at offset {pos}");
                        pos++;
                        SkipSpace();
                    }
                    list.Add(Value(depth + 1));
                }
            }
            var word = Identifier();
            if (long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
            if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return word;
            throw new FormatException($"unexpected value '{word}' at offset {pos}");
        }

        private string QuotedString()
        {
            pos++;
            var sb = new StringBuilder();
            while (pos < text.Length && text[pos] != '"')
            {
                if (text[pos] == '\\' && pos + 1 < text.Length) pos++;
                sb.Append(text[pos++]);
            }
            if (pos >= text.Length) throw new FormatException("unterminated string");
            pos++;
            return sb.ToString();
        }

        private string Identifier()
        {
            var start = pos;
            while (pos < text.Length && !char.IsWhiteSpace(text[pos]) && "={}[],\"#".IndexOf(text[pos]) < 0)
                pos++;
            if (pos == start)
                throw new FormatException($"unexpected character '{(pos < text.Length ? text[pos] : ' ')}' at offset {pos}");
            return text[start..pos];
        }

        private void SkipSpace()
        {
            while (pos < text.Length)
            {
                if (char.IsWhiteSpace(text[pos]) || text[pos] == '\0') pos++;
                else if (text[pos] == '#') { while (pos < text.Length && text[pos] != '\n') pos++; }
                else break;
            }
        }
    }
}
