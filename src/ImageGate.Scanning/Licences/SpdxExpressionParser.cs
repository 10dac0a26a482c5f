namespace ImageGate.Scanning.Licences;

/// <summary>Parses SPDX licence expressions (SPDX 2.3 annex D): ids, <c>+</c>, <c>WITH</c>, <c>AND</c> (binds tighter),
/// <c>OR</c> and parentheses; operators in any letter case.</summary>
public static class SpdxExpressionParser
{
    /// <summary>The parsed expression, or null when <paramref name="text"/> is empty or not a valid expression.</summary>
    public static LicenceExpression? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var tokens = Tokenize(text);
        if (tokens is null) return null;
        var pos = 0;
        var result = ParseOr(tokens, ref pos);
        return result is not null && pos == tokens.Count ? result : null;
    }

    private static List<string>? Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { tokens.Add(c.ToString()); i++; continue; }
            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '.' or '+' or ':' or '_')) i++;
            if (i == start) return null;
            tokens.Add(text[start..i]);
        }
        return tokens;
    }

    private static bool Is(List<string> tokens, int pos, string word) =>
        pos < tokens.Count && string.Equals(tokens[pos], word, StringComparison.OrdinalIgnoreCase);

    private static LicenceExpression? ParseOr(List<string> tokens, ref int pos)
    {
        var left = ParseAnd(tokens, ref pos);
        while (left is not null && Is(tokens, pos, "OR"))
        {
            pos++;
            var right = ParseAnd(tokens, ref pos);
            left = right is null ? null : new LicenceOr(left, right);
        }
        return left;
    }

    private static LicenceExpression? ParseAnd(List<string> tokens, ref int pos)
    {
        var left = ParsePrimary(tokens, ref pos);
        while (left is not null && Is(tokens, pos, "AND"))
        {
            pos++;
            var right = ParsePrimary(tokens, ref pos);
            left = right is null ? null : new LicenceAnd(left, right);
        }
        return left;
    }

    private static LicenceExpression? ParsePrimary(List<string> tokens, ref int pos)
    {
        if (pos >= tokens.Count) return null;
        if (tokens[pos] == "(")
        {
            pos++;
            var inner = ParseOr(tokens, ref pos);
            if (inner is null || pos >= tokens.Count || tokens[pos] != ")") return null;
            pos++;
            return inner;
        }
        var id = tokens[pos];
        if (id == ")" || Is(tokens, pos, "AND") || Is(tokens, pos, "OR") || Is(tokens, pos, "WITH")) return null;
        pos++;
        var orLater = id.Length > 1 && id.EndsWith('+');
        if (orLater) id = id[..^1];
        string? exception = null;
        if (Is(tokens, pos, "WITH"))
        {
            pos++;
            if (pos >= tokens.Count || tokens[pos] is "(" or ")") return null;
            exception = tokens[pos++];
        }
        return new LicenceTerm(id, orLater, exception);
    }
}
