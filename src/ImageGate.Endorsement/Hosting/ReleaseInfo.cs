namespace ImageGate.Endorsement.Hosting;

/// <summary>A created or updated release.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Url">Its web address.</param>
/// <param name="AssetUrls">Download addresses of the attached assets, by name.</param>
public sealed record ReleaseInfo(long Id, string Url, IReadOnlyDictionary<string, string> AssetUrls);
