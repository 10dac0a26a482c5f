using ImageGate.Core.Errors;
using ImageGate.Pipeline;

namespace ImageGate.Pipeline.Tests;

public sealed class PipelineRegistryTests
{
    [Theory]
    [InlineData("ghcr.io/biomed", "ghcr.io", "biomed")]
    [InlineData("127.0.0.1:5000/egi/vo/", "127.0.0.1:5000", "egi/vo")]
    public void A_registry_namespace_parses_into_host_and_namespace(string text, string host, string ns)
    {
        Assert.Equal((host, ns), PipelineRegistry.Parse(text));
    }

    [Theory]
    [InlineData("ghcr.io", "is not REGISTRY/NAMESPACE")]
    [InlineData("ghcr.io/", "is not REGISTRY/NAMESPACE")]
    [InlineData("127.0.0.1:5000/egi/debian12:1.0", "without a tag or digest")]
    [InlineData("ghcr.io/egi/debian12@sha256:0000000000000000000000000000000000000000000000000000000000000000", "without a tag or digest")]
    [InlineData("ghcr.io/EGI", "not a valid repository name")]
    public void A_registry_that_is_not_a_namespace_is_bad_input(string text, string message)
    {
        var e = Assert.Throws<BadInputException>(() => PipelineRegistry.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_is_the_namespace_and_the_lower_cased_image_name_and_a_name_that_cannot_be_one_is_refused()
    {
        var registry = new PipelineRegistry("ghcr.io", "biomed") { ClientFor = _ => throw new InvalidOperationException("no client needed") };

        Assert.Equal("ghcr.io/biomed/debian12", registry.RepositoryFor("Debian12").Name);
        var e = Assert.Throws<BadInputException>(() => registry.RepositoryFor("debian+12"));
        Assert.Contains("'debian+12' cannot be a repository name under ghcr.io/biomed", e.Message, StringComparison.Ordinal);
    }
}
