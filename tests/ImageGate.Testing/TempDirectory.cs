namespace ImageGate.Testing;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TempDirectory(string prefix = "imagegate-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A value built on first use in a new folder (named after <paramref name="prefix"/>) that stays until the
    /// process ends: the images and trees a whole test run shares.</summary>
    public static Lazy<T> OncePerProcess<T>(string prefix, Func<string, T> build) => new(() =>
    {
        var work = new TempDirectory(prefix);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => work.Dispose();
        return build(work.Path);
    });

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
