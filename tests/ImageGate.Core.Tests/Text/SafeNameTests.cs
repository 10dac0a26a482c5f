using ImageGate.Core.Text;

namespace ImageGate.Core.Tests.Text;

public sealed class SafeNameTests
{
    [Theory]
    [InlineData("debian-12.5_amd64+gpu", "debian-12.5_amd64+gpu")]
    [InlineData("  Debian 12 (bookworm)  ", "Debian-12-bookworm-")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("a  b\tc", "a-b-c")]
    [InlineData("-rf", "rf")]
    [InlineData(".hidden", "hidden")]
    [InlineData("image\nname", "image-name")]
    [InlineData("café", "caf-")]
    [InlineData("$(touch x)", "touch-x-")]
    [InlineData("...", "")]
    [InlineData(null, "")]
    public void Untrusted_text_becomes_a_name_of_letters_digits_and_dot_underscore_plus_minus(string? text, string expected) =>
        Assert.Equal(expected, SafeName.From(text));

    [Fact]
    public void A_long_name_is_cut_at_128_characters()
    {
        Assert.Equal(new string('a', 128), SafeName.From(new string('a', 300)));
        Assert.Equal(SafeName.MaxLength, SafeName.From(new string('x', 129)).Length);
    }
}
