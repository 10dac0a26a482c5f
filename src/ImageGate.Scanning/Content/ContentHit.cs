namespace ImageGate.Scanning.Content;

/// <summary>One recognised secret or marker in a file: where, what (a label without the secret), and the SHA-256 of
/// the secret's bytes (only ever used, salted, for fingerprints).</summary>
internal readonly record struct ContentHit(HitKind Kind, long Offset, string Label, byte[] SecretDigest)
{
    public bool IsMarker => Kind is HitKind.MarkerGcpServiceAccount or HitKind.MarkerAwsSecret or HitKind.KeytabMagic;

    public bool IsPrivateKey => Kind is HitKind.PemPrivateKey or HitKind.OpenSshPrivateKey or HitKind.PgpPrivateKey or HitKind.PuttyPrivateKey;

    public bool IsToken => Kind is HitKind.AwsAccessKeyId or HitKind.GitHubToken or HitKind.GitLabToken or HitKind.SlackToken
        or HitKind.SlackWebhook or HitKind.GoogleApiKey or HitKind.StripeKey or HitKind.NpmToken or HitKind.AzureAccountKey
        or HitKind.HuggingFaceToken or HitKind.DockerHubToken or HitKind.PyPiToken or HitKind.OpenAiKey or HitKind.AnthropicKey;
}
