using ImageGate.Signing.Keys;
using ImageGate.Testing;

namespace ImageGate.Signing.Tests.Keys;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFilesTests : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-keyfiles");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_private_key_file_is_readable_by_its_owner_only()
    {
        using var key = SigningKey.Generate();
        var path = _dir.Combine("site.key");
        await KeyFiles.WritePrivateKeyAsync(path, key.ExportPrivateKeyPem(), TestContext.Current.CancellationToken);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var loaded = SigningKey.Load(path);
        Assert.Equal(key.PublicKeyPem, loaded.PublicKeyPem);
    }

    [Fact]
    public async Task An_existing_world_readable_file_loses_its_wider_permissions_and_its_old_content()
    {
        var path = _dir.Combine("old.key");
        await File.WriteAllTextAsync(path, new string('x', 4096), TestContext.Current.CancellationToken);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var key = SigningKey.Generate();
        var pem = key.ExportPrivateKeyPem("secret");
        await KeyFiles.WritePrivateKeyAsync(path, pem, TestContext.Current.CancellationToken);
        Assert.Equal(KeyFiles.PrivateKeyMode, File.GetUnixFileMode(path));
        Assert.Equal(pem, await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }
}
