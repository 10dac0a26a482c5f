namespace ImageGate.Testing.Repositories;

/// <summary>A throw-away OpenPGP key made with the real gpg in a temp GNUPGHOME, able to sign like a repository does.</summary>
public sealed class TestGpgKey : IDisposable
{
    private readonly TempDirectory _home = new("imagegate-gnupg");

    /// <summary>Makes a new RSA signing key named <paramref name="name"/>.</summary>
    public TestGpgKey(string name = "ImageGate Test Repository")
    {
        ExternalProcess.Require("gpg");
        Gpg("--quick-gen-key", $"{name} <repo@example.invalid>", "rsa2048", "sign", "never");
        PublicKeyArmored = ExportPublic();
    }

    private TestGpgKey(byte[] secretKeyArmored)
    {
        ExternalProcess.Require("gpg");
        Run(["--import"], secretKeyArmored);
        PublicKeyArmored = ExportPublic();
    }

    /// <summary>A key made earlier (e.g. by a test image builder) and kept as <see cref="ExportSecretKey"/> output.</summary>
    public static TestGpgKey Import(string secretKeyArmored) => new(System.Text.Encoding.ASCII.GetBytes(secretKeyArmored));

    /// <summary>The secret key, armoured (a test key: it has no passphrase).</summary>
    public string ExportSecretKey() => Gpg("--armor", "--export-secret-keys").StandardOutput;

    public string PublicKeyArmored { get; }

    public byte[] PublicKeyBinary => Gpg("--export").RawOutput;

    /// <summary>Writes <paramref name="file"/>.asc (or the given output) as an armoured detached signature.</summary>
    public void DetachSign(string file, string output, bool armor = true) =>
        Gpg([.. armor ? ["--armor"] : Array.Empty<string>(), "--output", output, "--detach-sign", file]);

    public void Sign(string file, string output, params string[] extra) => Gpg([.. extra, "--output", output, "--detach-sign", file]);

    public void ClearSign(string file, string output) => Gpg("--digest-algo", "SHA256", "--output", output, "--clearsign", file);

    private string ExportPublic()
    {
        var armored = Gpg("--armor", "--export").StandardOutput;
        if (!armored.Contains("BEGIN PGP PUBLIC KEY BLOCK", StringComparison.Ordinal))
            throw new InvalidOperationException("gpg did not export the test key");
        return armored;
    }

    private ProcessResult Gpg(params string[] args) => Run(args, null);

    private ProcessResult Run(string[] args, byte[]? input)
    {
        var r = ExternalProcess.Run("gpg", ["--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "", .. args],
            environment: new Dictionary<string, string> { ["GNUPGHOME"] = _home.Path }, timeout: TimeSpan.FromMinutes(2), input: input);
        if (r.ExitCode != 0) throw new InvalidOperationException($"gpg {string.Join(' ', args)} failed: {r.StandardError}");
        return r;
    }

    public void Dispose()
    {
        ExternalProcess.Run("gpgconf", ["--kill", "all"], environment: new Dictionary<string, string> { ["GNUPGHOME"] = _home.Path });
        _home.Dispose();
    }
}
