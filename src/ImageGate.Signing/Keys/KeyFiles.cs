namespace ImageGate.Signing.Keys;

/// <summary>Writes key files: a private key file is readable and writable by its owner only (0600) before any byte
/// of the key is written, also when a file with wider permissions was there.</summary>
public static class KeyFiles
{
    /// <summary>The permissions of a private key file: owner read and write (0600).</summary>
    public const UnixFileMode PrivateKeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="pem"/> (a private key) to <paramref name="path"/>: the file is emptied and given
    /// <see cref="PrivateKeyMode"/> first, then the key is written.</summary>
    public static async Task WritePrivateKeyAsync(string path, string pem, CancellationToken cancellationToken = default)
    {
        await File.WriteAllTextAsync(path, "", cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, PrivateKeyMode);
        await File.WriteAllTextAsync(path, pem, cancellationToken).ConfigureAwait(false);
    }
}
