using ImageGate.Scanning.Licences;

namespace ImageGate.Scanning.Tests.Licences;

public sealed class SpdxExpressionParserTests
{
    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("GPL-2.0+", "GPL-2.0+")]
    [InlineData("MIT OR Apache-2.0", "(MIT OR Apache-2.0)")]
    [InlineData("MIT and BSD-3-Clause or GPL-2.0-only", "((MIT AND BSD-3-Clause) OR GPL-2.0-only)")]
    [InlineData("MIT AND (BSD-3-Clause OR GPL-2.0-only)", "(MIT AND (BSD-3-Clause OR GPL-2.0-only))")]
    [InlineData("GPL-2.0-or-later WITH Classpath-exception-2.0 OR LicenseRef-Foo", "(GPL-2.0-or-later WITH Classpath-exception-2.0 OR LicenseRef-Foo)")]
    public void Expressions_parse_with_AND_binding_tighter_than_OR(string text, string expected)
    {
        Assert.Equal(expected, SpdxExpressionParser.TryParse(text)!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("MIT OR")]
    [InlineData("(MIT")]
    [InlineData("MIT Apache-2.0")]
    [InlineData("AND MIT")]
    [InlineData("MIT WITH")]
    [InlineData("GPL-2.0 / MIT")]
    public void Invalid_expressions_give_null(string text)
    {
        Assert.Null(SpdxExpressionParser.TryParse(text));
    }

    [Fact]
    public void Plus_and_with_are_kept_on_the_term()
    {
        var term = Assert.IsType<LicenceTerm>(SpdxExpressionParser.TryParse("LGPL-2.1+ WITH OCaml-LGPL-linking-exception"));
        Assert.Equal(new LicenceTerm("LGPL-2.1", true, "OCaml-LGPL-linking-exception"), term);
    }
}
