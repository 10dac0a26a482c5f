namespace ImageGate.Testing;

/// <summary>Locations in the ImageGate repository and beside it.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootDir = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ImageGate.sln")))
                return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (ImageGate.sln) above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (the folder holding ImageGate.sln).</summary>
    public static string Root => RootDir.Value;

    /// <summary>True in CI (<c>CI=true</c>), where missing test data must fail loudly.</summary>
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>The shared folder beside the repository (../shared), or the folder an environment variable names.</summary>
    public static string Shared(string variable, string relative)
    {
        var fromEnv = Environment.GetEnvironmentVariable(variable);
        var dir = !string.IsNullOrEmpty(fromEnv) ? fromEnv : Path.GetFullPath(Path.Combine(Root, "..", "shared", relative));
        if (!Directory.Exists(dir))
            throw new InvalidOperationException($"test data folder {dir} is missing (set {variable})");
        return dir;
    }
}
