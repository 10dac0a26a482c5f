namespace ImageGate.Scanning.Content;

/// <summary>What the content search recognised.</summary>
internal enum HitKind
{
    PemPrivateKey,
    OpenSshPrivateKey,
    PgpPrivateKey,
    PuttyPrivateKey,
    AwsAccessKeyId,
    GitHubToken,
    GitLabToken,
    SlackToken,
    SlackWebhook,
    GoogleApiKey,
    StripeKey,
    NpmToken,
    AzureAccountKey,
    Pkcs12,
    JavaKeystorePrivate,
    KeytabMagic,
    MarkerGcpServiceAccount,
    MarkerAwsSecret,
    HuggingFaceToken,
    DockerHubToken,
    PyPiToken,
    OpenAiKey,
    AnthropicKey,
    VaultToken,
    JsonWebToken,
    EmbeddedPrivateKey,
}
