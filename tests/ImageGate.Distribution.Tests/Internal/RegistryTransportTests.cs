using ImageGate.Distribution.Client;
using ImageGate.Distribution.Internal;

namespace ImageGate.Distribution.Tests.Internal;

public sealed class RegistryTransportTests
{
    [Theory]
    [InlineData("127.0.0.1:5000", "http")]
    [InlineData("127.8.9.10", "http")]
    [InlineData("localhost:5000", "http")]
    [InlineData("[::1]:5000", "http")]
    [InlineData("ghcr.io", "https")]
    [InlineData("10.0.0.5:5000", "https")]
    [InlineData("registry.egi.eu", "https")]
    public void Plain_HTTP_is_used_only_for_loopback_registries(string registry, string scheme)
    {
        using var transport = new RegistryTransport(registry, null, new RegistryClientOptions(), TimeProvider.System);

        Assert.Equal(scheme, transport.BaseUri.Scheme);
    }

    [Fact]
    public void Insecure_registry_allows_plain_HTTP_elsewhere()
    {
        using var transport = new RegistryTransport("10.0.0.5:5000", null, new RegistryClientOptions { InsecureRegistry = true }, TimeProvider.System);

        Assert.Equal("http", transport.BaseUri.Scheme);
    }
}
