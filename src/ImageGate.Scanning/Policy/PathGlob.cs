namespace ImageGate.Scanning.Policy;

/// <summary>A path pattern: <c>*</c> matches inside one component, <c>**</c> any number of components, <c>?</c> one
/// character. Matched by simulating the pattern's automaton over the path, one step per character for all its states
/// at once: time linear in the path (times the pattern's length), so no pattern of a policy can make matching slow,
/// and no regular-expression engine to build or compile at start-up. The meaning is that of the regular expression
/// <c>\A…\z</c> the pattern reads as (<c>*</c> → <c>[^/]*</c>, <c>?</c> → <c>[^/]</c>, <c>**/</c> → <c>(?:.*/)?</c>,
/// another <c>**</c> → <c>.*</c>, where <c>.</c> is any character but a newline); the tests check it against that
/// expression.</summary>
public sealed class PathGlob
{
    private readonly Token[] _tokens;

    /// <summary>Reads <paramref name="pattern"/> (an absolute path pattern).</summary>
    public PathGlob(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        var tokens = new List<Token>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                    // (?:.*/)? : the group left out, or any characters then a slash.
                    tokens.Add(new Token(Kind.Optional, '\0'));
                    tokens.Add(new Token(Kind.Any, '\0'));
                    tokens.Add(new Token(Kind.Literal, '/'));
                }
                else tokens.Add(new Token(Kind.Any, '\0'));
            }
            else if (c == '*') tokens.Add(new Token(Kind.Component, '\0'));
            else if (c == '?') tokens.Add(new Token(Kind.OneInComponent, '\0'));
            else tokens.Add(new Token(Kind.Literal, c));
        }
        _tokens = [.. tokens];
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>True when the whole of <paramref name="path"/> matches.</summary>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var n = _tokens.Length;
        var current = new bool[n + 1];
        var next = new bool[n + 1];
        Add(current, 0);
        foreach (var c in path)
        {
            Array.Clear(next);
            var any = false;
            for (var i = 0; i < n; i++)
            {
                if (!current[i]) continue;
                var t = _tokens[i];
                switch (t.Kind)
                {
                    case Kind.Literal when c == t.Char:
                    case Kind.OneInComponent when c != '/':
                        Add(next, i + 1);
                        any = true;
                        break;
                    case Kind.Component when c != '/':
                    case Kind.Any when c != '\n':
                        Add(next, i);
                        any = true;
                        break;
                }
            }
            if (!any) return false;
            (current, next) = (next, current);
        }
        return current[n];
    }

    /// <summary>Marks state <paramref name="i"/> and every state reachable from it without a character.</summary>
    private void Add(bool[] states, int i)
    {
        while (i <= _tokens.Length && !states[i])
        {
            states[i] = true;
            if (i == _tokens.Length) return;
            switch (_tokens[i].Kind)
            {
                case Kind.Component or Kind.Any:
                    i++;
                    break;
                case Kind.Optional:
                    Add(states, i + 3); // the group (any characters, then a slash) left out
                    i++; // or entered
                    break;
                default:
                    return;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private enum Kind
    {
        Literal,
        OneInComponent,
        Component,
        Any,
        Optional,
    }

    private readonly record struct Token(Kind Kind, char Char);
}
