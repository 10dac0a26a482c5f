using ImageGate.Testing;

namespace ImageGate.Packer.Tests;

/// <summary>This project's own test data (templates, recorded Packer output); a missing file fails the test.</summary>
internal static class TestData
{
    public static string Folder => System.IO.Path.Combine(Repository.Root, "tests", "ImageGate.Packer.Tests");

    public static string Path(params string[] parts)
    {
        var path = System.IO.Path.Combine([Folder, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException($"test data '{path}' is missing");
        return path;
    }

    public static string Template(string name) => Path("Templates", name);

    public static string[] Recorded(string name) => File.ReadAllLines(Path("Recorded", name));
}
