using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;

namespace ImageGate.Site.Sync;

/// <summary>The cache's record of its images (<c>cache-state.json</c>), written atomically after every change.</summary>
internal sealed record CacheState(int Schema, List<CachedImage> Images)
{
    public const string FileName = "cache-state.json";

    public static CacheState Load(string cache)
    {
        var path = Path.Combine(cache, FileName);
        if (!File.Exists(path)) return new CacheState(1, []);
        try
        {
            if (new FileInfo(path).Length > 256L * 1024 * 1024)
                throw new BadInputException("cache state is larger than 256 MiB", path);
            var state = JsonSerializer.Deserialize(File.ReadAllBytes(path), SiteJsonContext.Default.CacheState);
            if (state?.Images is null || state.Schema != 1)
                throw new BadInputException("cache state has an unknown schema", path);
            return state;
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"cache state is not valid JSON: {ex.Message}", path);
        }
    }

    public void Save(string cache)
    {
        Directory.CreateDirectory(cache);
        AtomicFile.Write(Path.Combine(cache, FileName), JsonSerializer.SerializeToUtf8Bytes(this, SiteJsonContext.Default.CacheState));
    }
}
