namespace ImageGate.Endorsement.Hosting;

/// <summary>An opened or updated pull request.</summary>
/// <param name="Number">Its number.</param>
/// <param name="Url">Its web address.</param>
/// <param name="Created">True when this call opened it, false when it updated an open one.</param>
public sealed record PullRequestInfo(int Number, string Url, bool Created);
