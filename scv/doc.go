package scv
