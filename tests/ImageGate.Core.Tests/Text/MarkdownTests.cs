using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ImageGate.Core.Text;
using ImageGate.Testing;

namespace ImageGate.Core.Tests.Text;

/// <summary>Hostile text through <see cref="Markdown"/>, rendered by cmark-gfm (GitHub's own Markdown, with its table,
/// autolink, strikethrough and task-list extensions, raw HTML allowed) to see what a reader of the PR would get.</summary>
public sealed partial class MarkdownTests
{
    public static TheoryData<string> Hostile => new(
        "[click](https://evil.example)", "![img](https://evil.example/x.png)", "<https://evil.example>",
        "see https://evil.example/a?b=c now", "www.evil.example", "WWW.Evil.example", "ftp://files.example/x",
        "@octocat please", "cc @org/team", "mail admin@example.org", "fixes #123 and org/repo#45",
        "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<!-- hidden -->", "a | b | c", "a \\| b", "ends with \\",
        "line1\nline2", "line1\r# heading", "lone\rCR", "crlf\r\n| x | y |", "nel\u0085next", "ls\u2028next",
        "**bold** _it_ ~~strike~~", "`code`", "$x^2$ and $$y$$", "# heading", "- item", "+ item", "* item", "1. item",
        "2) item", "> quote", "---", "===", "&#64;octocat &amp; &lt;b&gt;", "[ref]: https://evil.example", "[x][ref]", "[^1]",
        "[ ] task", "tab\there", "rtl \u202Eevil\u202C text", ":warning: 100%", "3.0.11-1~deb12u2 -> 3.0.17-1~deb12u3",
        "1.", "1.1", "2026.11.1", "-1", "-", "+ ", "=", "x86_64 _private_");

    [Theory]
    [InlineData("debian-12")]
    [InlineData("2026.11.1")]
    [InlineData("1.0")]
    [InlineData("Debian GNU/Linux 12 (bookworm)")]
    public void Ordinary_text_is_left_as_it_is(string text) => Assert.Equal(text, Markdown.Cell(text));

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_cell_stays_one_plain_text_cell_that_shows_its_text(string text)
    {
        var cells = RenderRow(Markdown.Cell(text));
        Assert.Equal(2, cells.Length);
        Assert.Equal("end", cells[1]);
        Assert.DoesNotContain("<", cells[0], StringComparison.Ordinal); // no tag at all: no link, image, HTML, emphasis, code
        var shown = WebUtility.HtmlDecode(cells[0]);
        Assert.Equal(Expected(text), shown.Replace("\u200B", "", StringComparison.Ordinal));
        Assert.DoesNotMatch(Trigger(), shown);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_cell_starting_a_line_stays_in_its_paragraph(string text)
    {
        var html = Render($"intro\n{Markdown.Cell(text)}\n");
        Assert.All(Tag().Matches(html), m => Assert.Equal("p", m.Groups[1].Value));
        Assert.Single(Regex.Matches(html, "<p>"));
    }

    [Theory]
    [InlineData("a`b")]
    [InlineData("``x``")]
    [InlineData("`start")]
    [InlineData("end`")]
    [InlineData("a | b")]
    [InlineData("line1\nline2\rline3")]
    [InlineData("<script>@octocat https://x.example [a](b)</script>")]
    [InlineData(" spaced ")]
    [InlineData("/home/u/.ssh/id_rsa")]
    public void A_code_span_shows_its_text_exactly_and_renders_nothing_in_it(string text)
    {
        var cells = RenderRow(Markdown.Code(text));
        Assert.Equal(2, cells.Length);
        var code = CodeSpan().Match(cells[0]);
        Assert.True(code.Success, cells[0]);
        Assert.Equal(Expected(text, trim: false), WebUtility.HtmlDecode(code.Groups[1].Value));
    }

    [Fact]
    public void Long_text_is_cut_with_an_ellipsis_and_nothing_makes_an_empty_cell()
    {
        Assert.Equal(new string('a', 10) + "…", Markdown.Cell(new string('a', 50), 10));
        Assert.Equal("", Markdown.Cell(null));
        Assert.Equal("", Markdown.Code("  "));
        Assert.Equal("1234 bytes", Markdown.Size(1234));
        Assert.Equal("3145728 bytes (3.0 MiB)", Markdown.Size(3 << 20));
    }

    /// <summary>What a reader should see: the text on one line (line breaks and controls as spaces), bidi overrides dropped.</summary>
    private static string Expected(string text, bool trim = true)
    {
        var s = new string(text.Where(c => c is not ((>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))).Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c).ToArray());
        return trim ? s.Trim() : s;
    }

    private static string[] RenderRow(string cell)
    {
        var html = Render($"| cell | end |\n|---|---|\n| {cell} | end |\n");
        var body = html[(html.IndexOf("<tbody>", StringComparison.Ordinal) + 7)..html.IndexOf("</tbody>", StringComparison.Ordinal)];
        Assert.Single(Regex.Matches(body, "<tr>"));
        return Regex.Matches(body, "<td>(.*?)</td>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToArray();
    }

    private static string Render(string markdown)
    {
        ExternalProcess.Require("cmark-gfm");
        var r = ExternalProcess.Run("cmark-gfm", ["-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tasklist", "--unsafe", "--to", "html"],
            input: Encoding.UTF8.GetBytes(markdown), timeout: TimeSpan.FromSeconds(30));
        Assert.True(r.ExitCode == 0, r.StandardError);
        return r.StandardOutput;
    }

    /// <summary>What GitHub turns into a mention, an issue reference or a link after rendering.</summary>
    [GeneratedRegex(@"@\w|#\d|://|(?i:www\.)")]
    private static partial Regex Trigger();

    [GeneratedRegex(@"</?(\w+)")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\A<code>(.*)</code>\z", RegexOptions.Singleline)]
    private static partial Regex CodeSpan();
}
