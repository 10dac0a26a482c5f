using ImageGate.Testing;

namespace ImageGate.Patches.Tests.Support;

/// <summary>A throw-away OpenPGP key made with the real gpg in a temp GNUPGHOME, able to sign like a repository does.</summary>
internal sealed class TestGpgKey : IDisposable
{
    private readonly TempDirectory _home = new("imagegate-gnupg");

    public TestGpgKey(string name = "ImageGate Test Repository")
    {
        ExternalProcess.Require("gpg");
        Gpg("--quick-gen-key", $"{name} <repo@example.invalid>", "rsa2048", "sign", "never");
        PublicKeyArmored = Gpg("--armor", "--export").StandardOutput;
        if (!PublicKeyArmored.Contains("BEGIN PGP PUBLIC KEY BLOCK", StringComparison.Ordinal))
            throw new InvalidOperationException("gpg did not export the test key");
    }

    public string PublicKeyArmored { get; }

    public byte[] PublicKeyBinary => Gpg("--export").RawOutput;

    /// <summary>Writes <paramref name="file"/>.asc (or the given output) as an armoured detached signature.</summary>
    public void DetachSign(string file, string output, bool armor = true) =>
        Gpg([.. armor ? ["--armor"] : Array.Empty<string>(), "--output", output, "--detach-sign", file]);

    public void Sign(string file, string output, params string[] extra) => Gpg([.. extra, "--output", output, "--detach-sign", file]);

    public void ClearSign(string file, string output) => Gpg("--digest-algo", "SHA256", "--output", output, "--clearsign", file);

    private ProcessResult Gpg(params string[] args)
    {
        var r = ExternalProcess.Run("gpg", ["--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "", .. args],
            environment: new Dictionary<string, string> { ["GNUPGHOME"] = _home.Path }, timeout: TimeSpan.FromMinutes(2));
        if (r.ExitCode != 0) throw new InvalidOperationException($"gpg {string.Join(' ', args)} failed: {r.StandardError}");
        return r;
    }

    public void Dispose()
    {
        ExternalProcess.Run("gpgconf", ["--kill", "all"], environment: new Dictionary<string, string> { ["GNUPGHOME"] = _home.Path });
        _home.Dispose();
    }
}
