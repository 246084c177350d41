#include "domain/catalogue.h"

namespace keyward {

const std::vector<KeyCategory>& key_categories() {
  static const std::vector<KeyCategory> kCategories = {
      {"ai", "AI/ML Services"},
      {"support", "Support and Translation Services"},
      {"search", "Search and Discovery"},
  };
  return kCategories;
}

const std::vector<KeyType>& key_types() {
  static const std::vector<KeyType> kTypes = {
      {"openai", "OpenAI", "ai", "OpenAI API integration for GPT models", "sk-",
       VerifyRequest{"GET", "https://api.openai.com", "/v1/models", "Authorization", "Bearer ",
                     ""}},
      {"anthropic", "Anthropic", "ai", "Claude API access for Anthropic models", "sk-ant-",
       VerifyRequest{"GET", "https://api.anthropic.com", "/v1/models", "x-api-key", "",
                     "anthropic-version: 2023-06-01"}},
      {"google", "Google", "ai", "Google AI services integration", "AIza",
       VerifyRequest{"GET", "https://generativelanguage.googleapis.com", "/v1beta/models",
                     "x-goog-api-key", "", ""}},
      {"deepseek", "DeepSeek", "ai", "DeepSeek API integration", "sk-",
       VerifyRequest{"GET", "https://api.deepseek.com", "/models", "Authorization", "Bearer ", ""}},
      {"fast_inference", "Fast Inference", "ai", "High-speed API access for inference", "",
       std::nullopt},
      {"xai", "XAI", "ai", "XAI service integration", "xai-",
       VerifyRequest{"GET", "https://api.x.ai", "/v1/models", "Authorization", "Bearer ", ""}},
      {"perplexity", "Perplexity", "ai", "Perplexity API integration", "pplx-", std::nullopt},
      {"data_platform", "Data Platform", "ai", "Data platform integration", "", std::nullopt},
      {"support_system", "Support System", "support", "Support ticket system integration", "",
       std::nullopt},
      {"google_translate", "Google Translate", "support", "Translation services API", "AIza",
       VerifyRequest{"GET", "https://translation.googleapis.com",
                     "/language/translate/v2/languages", "x-goog-api-key", "", ""}},
      {"exa", "Exa", "search", "Search API integration for web discovery", "", std::nullopt},
  };
  return kTypes;
}

const KeyType* find_key_type(std::string_view id) {
  for (const auto& type : key_types()) {
    if (type.id == id) return &type;
  }
  return nullptr;
}

}  // namespace keyward
