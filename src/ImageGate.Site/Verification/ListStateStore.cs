using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;

namespace ImageGate.Site.Verification;

/// <summary>Reads and writes <c>list-state.json</c> in a state folder (atomically).</summary>
internal static class ListStateStore
{
    public const string FileName = "list-state.json";

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public static ListState? Read(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path)) return null;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > 64 * 1024)
                throw new BadInputException("state file is larger than 64 KiB", path);
            var state = JsonSerializer.Deserialize(File.ReadAllBytes(path), SiteJsonContext.Default.ListState);
            if (state is null || state.Sha256 is null || state.Sha256.Length != 64)
                throw new BadInputException("state file is incomplete", path);
            return state;
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"state file is not valid JSON: {ex.Message}", path);
        }
    }

    public static void Write(string directory, ListState state)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(PathIn(directory), JsonSerializer.SerializeToUtf8Bytes(state, SiteJsonContext.Default.ListState));
    }
}
