using System.Text.Json.Serialization;
using ImageGate.Site.Sync;
using ImageGate.Site.Verification;

namespace ImageGate.Site;

/// <summary>Source-generated JSON for the state files the site side writes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ListState))]
[JsonSerializable(typeof(CacheState))]
internal sealed partial class SiteJsonContext : JsonSerializerContext;
